import { usccCheckChar } from '../../policy/engine/uscc.js';
import type { Random } from './random.js';

const ORG_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A USCC for a Tianjin company: 9 (industry & commerce) 1 (enterprise), the district, an org code, the check character. */
export function makeUscc(districtCode: string, rnd: Random): string {
  let org = '';
  for (let i = 0; i < 9; i++) org += ORG_ALPHABET[rnd.int(0, 30)];
  const first17 = `91${districtCode}${org}`;
  return first17 + usccCheckChar(first17);
}
