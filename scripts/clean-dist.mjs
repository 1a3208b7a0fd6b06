#!/usr/bin/env node
// Removes ./dist before a package build, so that a renamed or deleted source file leaves no stale
// output behind to be packed and published. Run from the package directory.
import { rmSync } from 'node:fs'

rmSync('dist', { recursive: true, force: true })
