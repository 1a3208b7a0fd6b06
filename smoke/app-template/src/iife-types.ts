/// <reference types="@lanyard/browser/iife" />
// Never bundled: type-checked only, to prove `@lanyard/browser/iife` types the `<script>` global.
import type { AuthClient, AuthState } from '@lanyard/browser'

export function scriptTagClient(issuer: string, clientId: string): AuthClient {
  const auth = Lanyard.createAuthClient({ issuer, clientId, dpop: true })
  const state: AuthState = auth.getSnapshot()
  void state
  return auth
}
