// What every published tarball must satisfy, as pure functions over its unpacked contents: each
// returns a list of problems (empty = fine), so tests can feed them broken packages.

const REQUIRED_FILES = ['package.json', 'LICENSE', 'README.md', 'CHANGELOG.md']
const LOCAL_RANGE = /^(workspace|file|link|portal):/
const DEPENDENCY_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies']

/**
 * @typedef {object} UnpackedPackage
 * @property {Record<string, any>} manifest  the packed package.json
 * @property {string[]} files                 paths inside the tarball, relative to package/
 * @property {(path: string) => string} read  a file's text
 */

/** LICENSE, README and CHANGELOG are shipped; the license is MIT and the root's text. */
export function checkLicenseAndDocs({ manifest, files, read }, rootLicense) {
  const problems = REQUIRED_FILES.filter((file) => !files.includes(file)).map(
    (file) => `${file} is not in the tarball`,
  )
  if (manifest.license !== 'MIT') problems.push(`"license" is ${JSON.stringify(manifest.license)}, not "MIT"`)
  if (files.includes('LICENSE') && read('LICENSE') !== rootLicense) {
    problems.push('LICENSE differs from the repository root LICENSE')
  }
  return problems
}

/** repository (with directory), homepage, bugs, keywords and description point users somewhere. */
export function checkMetadata({ manifest }, repositoryUrl) {
  const problems = []
  const repository = manifest.repository
  if (repository?.url !== `git+${repositoryUrl}.git`) {
    problems.push(`"repository.url" should be git+${repositoryUrl}.git`)
  }
  if (typeof repository?.directory !== 'string' || !repository.directory.startsWith('packages/')) {
    problems.push('"repository.directory" should name the package folder (packages/…)')
  }
  if (typeof manifest.homepage !== 'string' || !manifest.homepage.startsWith(repositoryUrl)) {
    problems.push(`"homepage" should be a page under ${repositoryUrl}`)
  }
  if (manifest.bugs?.url !== `${repositoryUrl}/issues`)
    problems.push(`"bugs.url" should be ${repositoryUrl}/issues`)
  if (!Array.isArray(manifest.keywords) || manifest.keywords.length === 0)
    problems.push('"keywords" is empty')
  if (typeof manifest.description !== 'string' || manifest.description.length === 0) {
    problems.push('"description" is empty')
  }
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (LOCAL_RANGE.test(range))
        problems.push(`${field}.${name} is "${range}": only registry ranges can be installed`)
    }
  }
  return problems
}

/** Every conditions object under "exports", with its subpath, depth first. */
function conditionObjects(exportsField, subpath = '.') {
  if (typeof exportsField !== 'object' || exportsField === null) return []
  const keys = Object.keys(exportsField)
  if (keys.every((key) => key.startsWith('.'))) {
    return keys.flatMap((key) => conditionObjects(exportsField[key], key))
  }
  return [
    { subpath, conditions: exportsField },
    ...keys.flatMap((key) => conditionObjects(exportsField[key], subpath)),
  ]
}

/** Every file path named by "exports" (any depth), "main", "types", "module", "unpkg" and "bin". */
function targets(manifest) {
  const found = []
  const walk = (value) => {
    if (typeof value === 'string') found.push(value)
    else if (value && typeof value === 'object') Object.values(value).forEach(walk)
  }
  walk(manifest.exports)
  for (const field of ['main', 'types', 'typings', 'module', 'unpkg', 'jsdelivr']) walk(manifest[field])
  walk(typeof manifest.bin === 'string' ? { [manifest.name]: manifest.bin } : manifest.bin)
  return [...new Set(found)]
}

const normalize = (path) => path.replace(/^\.\//, '')

/**
 * exports: every entry has `types` first and `default` last, no workspace-only condition
 * (`lanyard-source` points at src/, which is not shipped), and every named file is in the tarball.
 */
export function checkExports({ manifest, files }) {
  const problems = []
  if (typeof manifest.exports !== 'object' || manifest.exports === null) return ['"exports" is missing']
  const subpaths = Object.keys(manifest.exports).every((key) => key.startsWith('.')) ? manifest.exports : {}
  for (const [subpath, target] of Object.entries(subpaths)) {
    if (typeof target === 'string' && !target.endsWith('.json')) {
      problems.push(`exports["${subpath}"] is a bare path: give it "types" and "default" conditions`)
    }
  }
  for (const { subpath, conditions } of conditionObjects(manifest.exports)) {
    const keys = Object.keys(conditions)
    if (keys.includes('lanyard-source')) {
      problems.push(`exports["${subpath}"] has the workspace-only "lanyard-source" condition`)
    }
    if (keys[0] !== 'types')
      problems.push(`exports["${subpath}"]: "types" must come first (has ${keys.join(', ')})`)
    if (keys.at(-1) !== 'default')
      problems.push(`exports["${subpath}"]: "default" must come last (has ${keys.join(', ')})`)
  }
  for (const target of targets(manifest)) {
    if (!files.includes(normalize(target)))
      problems.push(`${target} is named in package.json but not in the tarball`)
  }
  return problems
}

const MAPPING_URL = /\/[/*][#@] sourceMappingURL=([^\s*]+)/

function resolveRelative(fromFile, relative) {
  const parts = fromFile.split('/').slice(0, -1)
  for (const part of relative.split('/')) {
    if (part === '..') parts.pop()
    else if (part !== '.' && part !== '') parts.push(part)
  }
  return parts.join('/')
}

/**
 * Source maps carry their sources (`sourcesContent`: src/ is not shipped), and every
 * `sourceMappingURL` points at a file that is shipped.
 */
export function checkSourceMaps({ files, read }) {
  const problems = []
  for (const file of files.filter((path) => path.endsWith('.map'))) {
    let map
    try {
      map = JSON.parse(read(file))
    } catch {
      problems.push(`${file} is not JSON`)
      continue
    }
    const sources = Array.isArray(map.sources) ? map.sources : []
    const contents = Array.isArray(map.sourcesContent) ? map.sourcesContent : []
    const missing = sources.filter((_, index) => typeof contents[index] !== 'string')
    if (missing.length > 0) problems.push(`${file} has no sourcesContent for ${missing.join(', ')}`)
  }
  for (const file of files.filter((path) => /\.(c|m)?js$|\.d\.ts$/.test(path))) {
    const url = MAPPING_URL.exec(read(file))?.[1]
    if (!url || url.startsWith('data:')) continue
    const mapFile = resolveRelative(file, url)
    if (!files.includes(mapFile)) problems.push(`${file} points at ${url}, which is not in the tarball`)
  }
  return problems
}

/** README: a title naming the package, how to install it, an example, a link to the main docs. */
export function checkReadme({ manifest, files, read }, repositoryUrl) {
  if (!files.includes('README.md')) return [] // reported by checkLicenseAndDocs
  const text = read('README.md')
  const problems = []
  const name = manifest.name
  if (!text.startsWith(`# ${name}\n`)) problems.push(`README.md should start with "# ${name}"`)
  const install = new RegExp(
    `(npm (install|i)|pnpm add|yarn add)( -D| --save-dev)? ${name.replace('/', '\\/')}\\b`,
  )
  if (!install.test(text)) problems.push(`README.md shows no install command for ${name}`)
  if (!/```(ts|tsx|js|jsx|html)\n/.test(text)) problems.push('README.md has no code example')
  if (!text.includes(`${repositoryUrl}#readme`))
    problems.push(`README.md does not link to the main docs (${repositoryUrl}#readme)`)
  return problems
}
