// The items of a bundle as importers validate them one by one: the API's input schemas with the ids an import must
// carry (actor, need and offering ids are derived before validation when a file leaves them out).
import {
  ActorInput,
  BundleCommitment,
  CategoryInput,
  Id,
  NeedInput,
  OfferingInput,
  RelationshipInput,
} from "../schemas/domain";

export const ActorRow = ActorInput.extend({ id: Id });
export const NeedRow = NeedInput.extend({ id: Id });
// safeExtend keeps the offering's date-order refinement, which `extend` refuses to carry over a replaced key.
export const OfferingRow = OfferingInput.safeExtend({ id: Id });
export const RelationshipRow = RelationshipInput;
export const CategoryRow = CategoryInput;
export const CommitmentRow = BundleCommitment;
