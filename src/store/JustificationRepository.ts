import { HashKeyedRepository } from './HashKeyedRepository.ts';

/** Block hash → SCALE-encoded justifications. */
export class JustificationRepository extends HashKeyedRepository {
  protected readonly column = 'justifications';
}
