'use client'
import { createContext, useContext } from 'react'
import type { Binding } from './binding.ts'

/** Carries the provider's {@link Binding}; undefined outside `<AuthProvider>`. */
export const AuthContext = createContext<Binding | undefined>(undefined)

/** The nearest provider's binding; throws a clear error outside one (instead of a null deref later). */
export function useBinding(caller: string): Binding {
  const binding = useContext(AuthContext)
  if (!binding) throw new Error(`${caller} must be used inside <AuthProvider>`)
  return binding
}
