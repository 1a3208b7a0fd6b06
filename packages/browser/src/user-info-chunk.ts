// The UserInfo call (oauth4webapi's UserInfo processing): a chunk of its own, see user-info-support.ts.
export { fetchUserInfo } from '@lanyard/core'
