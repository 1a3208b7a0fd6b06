import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// A stock Vite + React setup: default resolve conditions (no `lanyard-source`), as an app has.
export default defineConfig({ plugins: [react()] })
