import type { User } from '@lanyard/react'

export const displayName = (user: User): string =>
  [user.name, user.preferred_username, user.email, user.sub].find(
    (value): value is string => typeof value === 'string' && value !== '',
  ) ?? user.sub

export function Avatar({ user, size = 'large' }: { user: User; size?: 'small' | 'large' }) {
  const picture = typeof user.picture === 'string' ? user.picture : undefined
  if (picture) return <img className={`avatar avatar-${size}`} src={picture} alt="" />
  return (
    <span className={`avatar avatar-${size}`} aria-hidden="true">
      {displayName(user).slice(0, 1).toUpperCase()}
    </span>
  )
}

// Protocol claims (who issued the token, for whom, when) are listed after the profile ones.
const PROTOCOL = [
  'iss',
  'aud',
  'azp',
  'exp',
  'iat',
  'nbf',
  'auth_time',
  'nonce',
  'sid',
  'jti',
  'at_hash',
  'c_hash',
]
const TIMES = new Set(['exp', 'iat', 'nbf', 'auth_time', 'updated_at'])

function show(name: string, value: unknown): string {
  if (TIMES.has(name) && typeof value === 'number') {
    return `${value} · ${new Date(value * 1000).toLocaleString([], { hour12: false })}`
  }
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** The user's claims: those of the ID token, profile first. */
export function ProfileCard({ user }: { user: User }) {
  const claims = Object.entries(user)
  const profile = claims.filter(([name]) => !PROTOCOL.includes(name))
  const protocol = claims.filter(([name]) => PROTOCOL.includes(name))
  return (
    <section className="card" aria-labelledby="profile-title">
      <div className="profile">
        <Avatar user={user} />
        <div>
          <h2 id="profile-title" className="profile-name" data-testid="user-name">
            {displayName(user)}
          </h2>
          {typeof user.email === 'string' && <p className="muted">{user.email}</p>}
        </div>
      </div>
      <h3 className="card-subtitle">ID token claims</h3>
      <table className="claims" data-testid="claims">
        <tbody>
          {[...profile, ...protocol].map(([name, value]) => (
            <tr key={name} className={PROTOCOL.includes(name) ? 'claim-protocol' : undefined}>
              <th scope="row">{name}</th>
              <td>{show(name, value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
