import http from 'node:http';
import type { Socket } from 'node:net';

type Adopt = (prototypes: { request: http.IncomingMessage; response: http.ServerResponse }) => void;

const adopters = new WeakMap<http.Server, Adopt>();

/**
 * Constructors of the requests and responses of one server, whose
 * prototype an app can adopt (adoptPrototypes). Express gives each request
 * and response its own prototype (`Object.setPrototypeOf` in `app.handle`),
 * and in V8 an object whose prototype changed after it was built gets hidden
 * classes of its own from then on: every property the router, the
 * middlewares and Apollo add made a new one, for every request, so every
 * property read of a request or response missed V8's inline caches
 * (the largest single cost of a cached query: BENCHMARKS.md, "What limits
 * each figure"). Built with the app's prototypes from the start, Express's
 * `setPrototypeOf` changes nothing and they share hidden classes.
 *
 * Null where Node's constructors are classes (they cannot be called as
 * functions, and a class's prototype cannot be swapped): then the server
 * keeps Node's own, as before.
 */
export function adoptableConstructors(): { IncomingMessage: typeof http.IncomingMessage; ServerResponse: typeof http.ServerResponse; adopt: Adopt } | null {
  if (isClass(http.IncomingMessage) || isClass(http.ServerResponse)) return null;
  const incoming = http.IncomingMessage as unknown as (this: object, socket: Socket) => void;
  const outgoing = http.ServerResponse as unknown as (this: object, req: http.IncomingMessage, options?: object) => void;
  function GatewayRequest(this: object, socket: Socket): void {
    incoming.call(this, socket);
  }
  function GatewayResponse(this: object, req: http.IncomingMessage, options?: object): void {
    outgoing.call(this, req, options);
  }
  GatewayRequest.prototype = http.IncomingMessage.prototype;
  GatewayResponse.prototype = http.ServerResponse.prototype;
  return {
    IncomingMessage: GatewayRequest as unknown as typeof http.IncomingMessage,
    ServerResponse: GatewayResponse as unknown as typeof http.ServerResponse,
    adopt: ({ request, response }) => {
      GatewayRequest.prototype = request;
      GatewayResponse.prototype = response;
    },
  };
}

/** Remembers how to make `server`'s requests and responses adopt an app's prototypes. */
export function registerAdopter(server: http.Server, adopt: Adopt): void {
  adopters.set(server, adopt);
}

/**
 * From now on `server` builds its requests and responses with `app`'s
 * prototypes (Express's `app.request` and `app.response`, each inheriting
 * from Node's). For a server whose every request goes to this app; a
 * server made otherwise than by listen.ts's createServer is left as it is.
 */
export function adoptPrototypes(server: http.Server, app: { request: object; response: object }): void {
  if (!(app.request instanceof http.IncomingMessage) || !(app.response instanceof http.ServerResponse)) {
    throw new Error("adoptPrototypes takes an app whose prototypes inherit from Node's request and response");
  }
  adopters.get(server)?.({ request: app.request, response: app.response });
}

function isClass(constructor: unknown): boolean {
  return /^class\b/.test(Function.prototype.toString.call(constructor));
}
