import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { randomBytes } from 'node:crypto'
import { importSPKI, jwtVerify, decodeJwt, type CryptoKey, type KeyObject } from 'jose'
import { renderSavePage } from './save-page.ts'
import { discPng } from '../png-size.ts'

// A local Google Wallet for tests and `npm start` (Google's servers are unreachable from here):
// the OAuth token endpoint (JWT-bearer grant) and the Wallet REST API's loyalty classes and
// objects, with Google's rules that RewardFlow must live with — required fields, 409 on a
// duplicate insert, 404 on an unknown id, 429 above the per-issuer rate, QuotaExceededException
// above 3 notifications per object per 24 h — and a save page (/save/<jwt>) that shows the
// decoded, verified pass. It keeps everything it received for the tests' assertions.

const SCOPE = 'https://www.googleapis.com/auth/wallet_object.issuer'
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer'

export type ReceivedRequest = {
  at: number
  method: string
  path: string
  issuerId: string | null
  status: number
  body: Record<string, unknown> | null
}

export type StandInOptions = {
  /** The service accounts Google knows: email → PEM public key (SPKI). */
  serviceAccounts: Record<string, string>
  /** Requests per second per issuer before 429 (Google's default quota: 20). */
  ratePerSecond?: number
  /** Notifications per object per 24 h before QuotaExceededException (Google: 3). */
  notificationsPerDay?: number
  host?: string
  port?: number
}

export type GoogleWalletStandIn = {
  url: string
  /** A 660×660 PNG logo the stand-in serves (the demo's default logo). */
  logoUrl: string
  tokenUrl: string
  apiUrl: string
  saveUrl: string
  classes: Map<string, Record<string, unknown>>
  objects: Map<string, Record<string, unknown>>
  requests: ReceivedRequest[]
  /** Notifications granted per object id (times, ms). */
  notifications: Map<string, number[]>
  /** Walletobjects requests per issuer per wall-clock second: `${issuer}|${second}` → count. */
  perSecond: Map<string, number>
  /** Tokens issued: access token → service account email. */
  tokens: Map<string, string>
  addServiceAccount: (email: string, publicKeyPem: string) => void
  highestRate: (issuerId?: string) => number
  stop: () => Promise<void>
}

const REQUIRED_CLASS = ['id', 'issuerName', 'programName', 'programLogo', 'reviewStatus'] as const
const REQUIRED_OBJECT = ['id', 'classId', 'state'] as const
const STATES = [
  'ACTIVE',
  'COMPLETED',
  'EXPIRED',
  'INACTIVE',
  'active',
  'completed',
  'expired',
  'inactive',
]

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })

const send = (
  response: ServerResponse,
  status: number,
  body: unknown,
  type = 'application/json',
) => {
  response.writeHead(status, { 'content-type': type })
  response.end(
    type === 'application/json'
      ? JSON.stringify(body)
      : Buffer.isBuffer(body)
        ? body
        : String(body),
  )
}

/** Google's error envelope. */
const apiError = (code: number, message: string, reason: string) => ({
  error: { code, message, status: reason, errors: [{ reason, message, domain: 'global' }] },
})

const missingFields = (body: Record<string, unknown>, required: readonly string[]) =>
  required.filter(
    (field) => body[field] === undefined || body[field] === null || body[field] === '',
  )

export const startGoogleWalletStandIn = async (
  options: StandInOptions,
): Promise<GoogleWalletStandIn> => {
  const rate = options.ratePerSecond ?? 20
  const notificationLimit = options.notificationsPerDay ?? 3
  const keys = new Map<string, CryptoKey | KeyObject>()
  const addServiceAccount = (email: string, pem: string) => {
    void importSPKI(pem, 'RS256').then((key) => keys.set(email, key))
  }
  for (const [email, pem] of Object.entries(options.serviceAccounts))
    keys.set(email, await importSPKI(pem, 'RS256'))
  const classes = new Map<string, Record<string, unknown>>()
  const objects = new Map<string, Record<string, unknown>>()
  const requests: ReceivedRequest[] = []
  const notifications = new Map<string, number[]>()
  const perSecond = new Map<string, number>()
  const tokens = new Map<string, string>()
  let url = ''

  const token = async (request: IncomingMessage, response: ServerResponse) => {
    const form = new URLSearchParams(await readBody(request))
    if (form.get('grant_type') !== JWT_BEARER)
      return send(response, 400, { error: 'unsupported_grant_type' })
    const assertion = form.get('assertion') ?? ''
    let claims: Record<string, unknown>
    try {
      claims = decodeJwt(assertion)
    } catch {
      return send(response, 400, { error: 'invalid_request', error_description: 'Bad assertion' })
    }
    const key = keys.get(String(claims.iss))
    if (!key)
      return send(response, 401, {
        error: 'invalid_client',
        error_description: 'Unknown service account',
      })
    try {
      await jwtVerify(assertion, key, { audience: `${url}/token`, algorithms: ['RS256'] })
    } catch {
      return send(response, 400, {
        error: 'invalid_grant',
        error_description: 'Invalid JWT Signature.',
      })
    }
    if (
      !String(claims.scope ?? '')
        .split(' ')
        .includes(SCOPE)
    )
      return send(response, 400, { error: 'invalid_scope' })
    const accessToken = `ya29.standin-${randomBytes(16).toString('hex')}`
    tokens.set(accessToken, String(claims.iss))
    send(response, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: 3599 })
  }

  /** GET shows the pass; POST is the phone's "Save": its objects are inserted, as Google does. */
  const savePage = async (jwt: string, method: string, response: ServerResponse) => {
    let claims: Record<string, unknown> | null = null
    let error: string | null = null
    try {
      const key = keys.get(String(decodeJwt(jwt).iss))
      if (!key) throw new Error('unknown service account')
      claims = (await jwtVerify(jwt, key, { audience: 'google', algorithms: ['RS256'] })).payload
      if (claims.typ !== 'savetowallet') throw new Error('typ is not savetowallet')
      if (method === 'POST') {
        const saved =
          ((claims.payload ?? {}) as { loyaltyObjects?: Record<string, unknown>[] })
            .loyaltyObjects ?? []
        for (const object of saved) {
          const invalid = validate('loyaltyObject', object, classes)
          if (invalid) throw new Error(invalid)
          if (!objects.has(String(object.id))) objects.set(String(object.id), object)
        }
      }
    } catch (failure) {
      error = (failure as Error).message
    }
    send(
      response,
      error ? 400 : 200,
      renderSavePage(claims, error, `/save/${jwt}`, method === 'POST'),
      'text/html; charset=utf-8',
    )
  }

  const api = async (
    request: IncomingMessage,
    response: ServerResponse,
    path: string,
    query: URLSearchParams,
  ) => {
    const method = request.method ?? 'GET'
    const text = await readBody(request)
    let body: Record<string, unknown> | null = null
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : null
    } catch {
      return send(response, 400, apiError(400, 'Invalid JSON payload received.', 'badRequest'))
    }
    const match =
      /^\/walletobjects\/v1\/(loyaltyClass|loyaltyObject)(?:\/([^/]+))?(?:\/(addMessage))?$/.exec(
        path,
      )
    const resourceId = match?.[2] ? decodeURIComponent(match[2]) : null
    const issuerId =
      query.get('issuerId') ??
      ((query.get('classId') ?? resourceId ?? (body?.id as string | undefined) ?? '').split(
        '.',
      )[0] ||
        null)
    const record = (status: number) =>
      requests.push({ at: Date.now(), method, path, issuerId, status, body })
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
    if (!bearer || !tokens.has(bearer)) {
      record(401)
      return send(
        response,
        401,
        apiError(401, 'Request had invalid authentication credentials.', 'UNAUTHENTICATED'),
      )
    }
    const second = `${issuerId}|${Math.floor(Date.now() / 1000)}`
    const count = (perSecond.get(second) ?? 0) + 1
    perSecond.set(second, count)
    if (count > rate) {
      record(429)
      return send(
        response,
        429,
        apiError(429, 'Quota exceeded for quota metric requests per second.', 'rateLimitExceeded'),
      )
    }
    if (!match) {
      record(404)
      return send(response, 404, apiError(404, 'Not found', 'notFound'))
    }
    const [, kind, , action] = match
    const store = kind === 'loyaltyClass' ? classes : objects
    const required = kind === 'loyaltyClass' ? REQUIRED_CLASS : REQUIRED_OBJECT
    const answer = (status: number, payload: unknown) => {
      record(status)
      send(response, status, payload)
    }
    if (method === 'GET' && resourceId) {
      const found = store.get(resourceId)
      return found
        ? answer(200, found)
        : answer(404, apiError(404, `Resource not found: ${resourceId}`, 'resourceNotFound'))
    }
    if (method === 'GET' && !resourceId) {
      // The list: classes of an issuer (?issuerId=), objects of a class (?classId=).
      const prefix = kind === 'loyaltyClass' ? `${query.get('issuerId') ?? ''}.` : null
      const classId = query.get('classId')
      if (!prefix && !classId)
        return answer(400, apiError(400, 'issuerId or classId is required', 'invalidArgument'))
      const resources = [...store.values()].filter((item) =>
        prefix ? String(item.id).startsWith(prefix) : item.classId === classId,
      )
      return answer(200, { resources, pagination: { resultsPerPage: resources.length } })
    }
    if (method === 'POST' && !resourceId) {
      if (!body) return answer(400, apiError(400, 'Empty body', 'badRequest'))
      const missing = missingFields(body, required)
      if (missing.length > 0)
        return answer(
          400,
          apiError(400, `Missing required field(s): ${missing.join(', ')}`, 'invalidArgument'),
        )
      const invalid = validate(kind!, body, classes)
      if (invalid) return answer(400, apiError(400, invalid, 'invalidArgument'))
      if (store.has(String(body.id)))
        return answer(
          409,
          apiError(409, `Resource already exists: ${String(body.id)}`, 'duplicate'),
        )
      store.set(String(body.id), body)
      return answer(200, body)
    }
    if ((method === 'PATCH' || method === 'PUT') && resourceId && !action) {
      const current = store.get(resourceId)
      if (!current)
        return answer(404, apiError(404, `Resource not found: ${resourceId}`, 'resourceNotFound'))
      if (!body) return answer(400, apiError(400, 'Empty body', 'badRequest'))
      if (kind === 'loyaltyObject' && body.notifyPreference === 'notifyOnUpdate') {
        const refused = notify(resourceId)
        if (refused) return answer(429, refused)
      }
      const merged = method === 'PUT' ? body : { ...current, ...body }
      const missing = missingFields(merged, required)
      if (missing.length > 0)
        return answer(
          400,
          apiError(400, `Missing required field(s): ${missing.join(', ')}`, 'invalidArgument'),
        )
      const invalid = validate(kind!, merged, classes)
      if (invalid) return answer(400, apiError(400, invalid, 'invalidArgument'))
      store.set(resourceId, merged)
      return answer(200, merged)
    }
    if (method === 'POST' && resourceId && action === 'addMessage') {
      const current = store.get(resourceId)
      if (!current)
        return answer(404, apiError(404, `Resource not found: ${resourceId}`, 'resourceNotFound'))
      const message = (body?.message ?? null) as Record<string, unknown> | null
      if (!message?.header || !message.body)
        return answer(400, apiError(400, 'A message needs a header and a body', 'invalidArgument'))
      if (kind === 'loyaltyObject' && message.messageType === 'TEXT_AND_NOTIFY') {
        const refused = notify(resourceId)
        if (refused) return answer(429, refused)
      }
      const messages = [...((current.messages as unknown[]) ?? []), message]
      const updated = { ...current, messages }
      store.set(resourceId, updated)
      return answer(200, { resource: updated })
    }
    return answer(400, apiError(400, `Unsupported ${method} ${path}`, 'badRequest'))
  }

  /** Counts a notification; over the limit, Google's QuotaExceededException. */
  const notify = (objectId: string) => {
    const now = Date.now()
    const recent = (notifications.get(objectId) ?? []).filter((at) => now - at < 86_400_000)
    if (recent.length >= notificationLimit)
      return apiError(
        429,
        `QuotaExceededException: at most ${notificationLimit} notifications per pass in 24 hours`,
        'QuotaExceededException',
      )
    notifications.set(objectId, [...recent, now])
    return null
  }

  const logo = discPng(660, '#1f5f8b')
  const server: Server = createServer((request, response) => {
    const [path = '/', search = ''] = (request.url ?? '/').split('?')
    const handle =
      request.method === 'POST' && path === '/token'
        ? token(request, response)
        : path.startsWith('/save/')
          ? savePage(path.slice('/save/'.length), request.method ?? 'GET', response)
          : request.method === 'GET' && path === '/logo.png'
            ? Promise.resolve(send(response, 200, logo, 'image/png'))
            : path.startsWith('/walletobjects/v1/')
              ? api(request, response, path, new URLSearchParams(search))
              : Promise.resolve(send(response, 404, apiError(404, 'Not found', 'notFound')))
    handle.catch((error: unknown) =>
      send(response, 500, apiError(500, (error as Error).message, 'backendError')),
    )
  })
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  )
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  url = `http://${options.host ?? '127.0.0.1'}:${port}`
  return {
    url,
    logoUrl: `${url}/logo.png`,
    tokenUrl: `${url}/token`,
    apiUrl: `${url}/walletobjects/v1`,
    saveUrl: `${url}/save/`,
    classes,
    objects,
    requests,
    notifications,
    perSecond,
    tokens,
    addServiceAccount,
    highestRate: (issuerId) =>
      Math.max(
        0,
        ...[...perSecond.entries()]
          .filter(([key]) => !issuerId || key.startsWith(`${issuerId}|`))
          .map(([, n]) => n),
      ),
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/** The rules Google checks beyond presence. */
const validate = (
  kind: string,
  body: Record<string, unknown>,
  classes: Map<string, Record<string, unknown>>,
): string | null => {
  const issuer = String(body.id).split('.')[0]
  if (!/^\d+\.[\w.-]+$/.test(String(body.id))) return `Invalid resource id: ${String(body.id)}`
  if (kind === 'loyaltyClass') {
    if (
      !['UNDER_REVIEW', 'DRAFT', 'APPROVED', 'REJECTED', 'underReview', 'draft'].includes(
        String(body.reviewStatus),
      )
    )
      return `Invalid reviewStatus: ${String(body.reviewStatus)}`
    return null
  }
  if (!STATES.includes(String(body.state))) return `Invalid state: ${String(body.state)}`
  if (!classes.has(String(body.classId))) return `Class not found: ${String(body.classId)}`
  if (String(body.classId).split('.')[0] !== issuer) return 'classId belongs to another issuer'
  const barcode = body.barcode as Record<string, unknown> | undefined
  if (barcode && (!barcode.type || !barcode.value)) return 'A barcode needs a type and a value'
  return null
}
