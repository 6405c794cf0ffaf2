/** The non-throwing validators now live in src/common/validators.ts for every module; re-exported here. */
export { IsEmailAddress, isEmailAddress, IsYuan, isYuan } from '../common/validators.js';
