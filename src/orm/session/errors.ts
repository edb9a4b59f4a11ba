/**
 * ORM-specific errors not in the shared hierarchy.
 * @module
 */
import { InvalidRequestError } from "../../errors.js";

/**
 * Two operations overlapped on one Session (`Promise.all([s.get(A, 1), s.flush()])`): a Session
 * is one unit of work and runs one operation at a time; the second is refused, deterministically.
 */
export class IllegalStateChangeError extends InvalidRequestError {
  override name = "IllegalStateChangeError";
}
