MATCH (s:Session {id: $id}) DELETE s
