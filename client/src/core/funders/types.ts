export interface FunderRow {
  funderId: string;
  total: number;
  grants: { recipientId: string; amount: number | undefined; relationshipId: string }[];
}

export interface FunderLens {
  funders: FunderRow[];
  /** Recipients with two or more funders, most funders first. */
  coFunded: { actorId: string; funders: string[]; total: number }[];
  /** Actors some funds tie reaches, directly or through a chain of funds ties. */
  reached: Set<string>;
}
