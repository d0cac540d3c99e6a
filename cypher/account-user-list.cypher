MATCH (u:User)
WITH u ORDER BY u.username
WITH collect(u) AS users
UNWIND users[$offset..($offset + $limit)] AS u
RETURN size(users) AS total, u {.*} AS user
