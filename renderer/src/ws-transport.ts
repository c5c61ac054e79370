import type { BridgeInvoke, BridgeSubscribe } from '../../shared/kiosk-bridge-client.ts'

type BridgeTransport = { invoke: BridgeInvoke; subscribe: BridgeSubscribe }

/** Sent to `subscribe`rs of this channel after the socket came back: events may have been missed. */
export const RECONNECTED = 'rewardflow:reconnected'

/**
 * The web host's side of the bridge: requests and events over one WebSocket (`/bridge` on the
 * page's own host), reconnecting after a drop. A call made while the socket is down waits for
 * the reconnection up to `timeoutMs`, then fails (the client turns that into BRIDGE_UNAVAILABLE).
 */
export const webSocketTransport = (url: string, timeoutMs = 15_000): BridgeTransport => {
  let nextId = 1
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: () => void }>()
  const handlers = new Map<string, Set<(payload: unknown) => void>>()
  const notify = (channel: string, payload: unknown) => {
    for (const handler of handlers.get(channel) ?? []) handler(payload)
  }

  let resolveReady: (ws: WebSocket) => void = () => {}
  let ready: Promise<WebSocket>
  const awaitOpen = () => {
    ready = new Promise((resolve) => (resolveReady = resolve))
  }
  awaitOpen()

  let everOpened = false
  const open = (delay: number) => {
    const ws = new WebSocket(url)
    let wasOpen = false
    ws.onopen = () => {
      wasOpen = true
      resolveReady(ws)
      if (everOpened) notify(RECONNECTED, null)
      everOpened = true
    }
    ws.onmessage = (message) => {
      const data = JSON.parse(String(message.data)) as
        { id: number; result: unknown } | { channel: string; payload: unknown }
      if ('id' in data) {
        waiting.get(data.id)?.resolve(data.result)
        waiting.delete(data.id)
      } else notify(data.channel, data.payload)
    }
    ws.onclose = () => {
      if (wasOpen) {
        awaitOpen()
        for (const pending of waiting.values()) pending.reject()
        waiting.clear()
      }
      setTimeout(() => open(wasOpen ? 100 : Math.min(delay * 2, 2_000)), wasOpen ? 0 : delay)
    }
  }
  open(100)

  const within = <T>(promise: Promise<T>) =>
    Promise.race([
      promise,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs)),
    ])

  return {
    invoke: async (channel, input) => {
      const ws = await within(ready)
      const id = nextId++
      return within(
        new Promise((resolve, reject) => {
          waiting.set(id, { resolve, reject: () => reject(new Error('closed')) })
          ws.send(JSON.stringify({ id, channel, input }))
        }),
      ).finally(() => waiting.delete(id))
    },
    subscribe: (channel, handler) => {
      const set = handlers.get(channel) ?? new Set()
      set.add(handler)
      handlers.set(channel, set)
      return () => set.delete(handler)
    },
  }
}
