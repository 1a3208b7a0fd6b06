// The e2e app: a plain page on the IIFE bundle (window.Lanyard), shared by index.html and
// popup-callback.html. Tests configure it through sessionStorage['e2e-config'] (JSON, merged over
// the defaults below; set by the test with an init script, so it survives the redirect to the
// provider and back, which a query string would not; e.g. `{ "dpop": true }` for DPoP, which the IIFE
// build bundles). The issuer comes from there too, at run time: the providers start on free ports,
// so the page has no default. `window.auth` is the client, for tests.
/* global Lanyard -- from /lanyard.iife.js, loaded first */
;(function () {
  'use strict'
  var config = {}
  try {
    config = JSON.parse(sessionStorage.getItem('e2e-config') || '{}') || {}
  } catch (error) {
    console.error('e2e-config is not JSON', error)
  }
  if (!config.issuer) {
    document.getElementById('start-error').textContent =
      'no issuer: the test must call configureApp(context, { issuer: provider.issuer })'
    return
  }
  var timeouts = Object.assign({ httpMs: 5000, popupMs: 30000, lockMs: 10000 }, config.timeouts)
  // The codes of the warnings the SDK reported (onWarning), in order, for tests; still logged like
  // the SDK's default handler does.
  window.e2eWarnings = []
  var options = Object.assign(
    {
      clientId: 'lanyard-dev',
      redirectUri: location.origin + '/index.html',
      postLogoutRedirectUri: location.origin + '/index.html',
      onWarning: function (warning) {
        window.e2eWarnings.push((warning && warning.code) || String(warning))
        console.warn('[lanyard]', warning)
      },
    },
    config,
    { timeouts: timeouts },
  )
  // auth.fetch sends a token only where `resources` allow (default: this page's origin): the
  // dev provider's protected API.
  if (!options.resources) options.resources = [{ url: options.issuer.replace(/\/$/, '') + '/api' }]
  var $ = function (id) {
    return document.getElementById(id)
  }
  var show = function (id, text) {
    var el = $(id)
    if (el) el.textContent = text
  }
  var codeOf = function (error) {
    return (error && (error.code || error.name)) || String(error)
  }

  var auth = Lanyard.createAuthClient(options)
  window.auth = auth

  // Every distinct view the page showed, in order, for tests that care about transitions.
  window.e2eStates = []
  var last = ''
  var render = function () {
    var s = auth.getSnapshot()
    var view = {
      status: s.status,
      sub: (s.user && s.user.sub) || null,
      error: (s.error && s.error.code) || null,
    }
    var text = JSON.stringify(view)
    if (text === last) return
    last = text
    window.e2eStates.push(view)
    show('state', text)
    document.documentElement.dataset.status = s.status
  }
  auth.subscribe(render)
  render()
  auth.start().then(render, function (error) {
    show('start-error', codeOf(error))
  })

  var on = function (id, handler) {
    var el = $(id)
    if (el) el.addEventListener('click', handler)
  }
  on('login', function () {
    auth.loginWithRedirect().catch(function (error) {
      show('login-error', codeOf(error))
    })
  })
  // No await before loginWithPopup: the window must open in the click's own task.
  on('popup', function () {
    show('popup-error', '')
    auth.loginWithPopup().then(
      function (user) {
        show('popup-result', (user && user.sub) || '')
      },
      function (error) {
        show('popup-error', codeOf(error))
      },
    )
  })
  on('logout', function () {
    auth.logout(config.logoutOptions || {}).catch(function (error) {
      show('logout-error', codeOf(error))
    })
  })
  // The DPoP specs' protected-resource call (index.html has no such button: it is added here).
  if ($('token') && !$('api')) {
    var button = document.createElement('button')
    button.id = 'api'
    button.type = 'button'
    button.textContent = 'Call /api/me'
    $('token').after(button)
    var result = document.createElement('pre')
    result.id = 'api-result'
    ;($('token-result') || button).after(result)
  }
  on('api', function () {
    show('api-result', '')
    auth.fetch(options.issuer.replace(/\/$/, '') + '/api/me').then(
      function (response) {
        return response.text().then(function (body) {
          show('api-result', response.status + ' ' + body)
        })
      },
      function (error) {
        show('api-result', 'error:' + codeOf(error))
      },
    )
  })
  on('token', function () {
    show('token-result', '')
    auth.getAccessToken().then(
      function (token) {
        show('token-result', token)
      },
      function (error) {
        show('token-result', 'error:' + codeOf(error))
      },
    )
  })
})()
