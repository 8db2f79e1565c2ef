import type { Config } from '../../config.js';
import { ConfigError } from '../../config.js';
import type { Driver, SimCommand } from '../driver.js';
import { inboundId } from './sim-messages.js';
import { makeSimSocket, SimDisconnect, type SimConfig, type SimSessionState, type SimSocket } from './sim-socket.js';

// The offline stand-in for WhatsApp (WA_ENGINE=simulator): deterministic, fast,
// driven by the sim.* commands. Linked state lives in the same auth table as
// real sessions, so a restart resumes simulated sessions without a QR too.

export function simConfigFrom(config: Config['sim']): SimConfig {
  let notOnWhatsApp: RegExp;
  try {
    notOnWhatsApp = new RegExp(config.notOnWhatsApp);
  } catch {
    throw new ConfigError(`Setting WA_SIM_NOT_ON_WHATSAPP is not a valid regular expression: "${config.notOnWhatsApp}"`);
  }
  return { deliveredMs: config.deliveredMs, readMs: config.readMs, qrRotateMs: config.qrRotateMs, notOnWhatsApp };
}

export function makeSimulatorDriver(config: SimConfig): Driver {
  const states = new Map<string, SimSessionState>();
  const sockets = new Map<string, SimSocket>();

  const live = (sessionId: string): SimSocket['controls'] => {
    const s = sockets.get(sessionId);
    // Thrown errors make the command retry later: the session may be between sockets.
    if (!s || s.controls.closed) throw new Error(`session ${sessionId} has no simulated connection`);
    return s.controls;
  };

  return {
    kind: 'simulator',
    openSocket(ctx) {
      let state = states.get(ctx.sessionId);
      if (!state) states.set(ctx.sessionId, (state = { known: new Set(), sentTo: new Map(), timelockUntil: 0 }));
      const sim = makeSimSocket(ctx, config, state);
      sockets.set(ctx.sessionId, sim);
      return sim.socket;
    },
    qrLifetimeMs: () => config.qrRotateMs,
    async simulate(sessionId: string, command: SimCommand, commandId: string) {
      switch (command.type) {
        case 'sim.scan':
          return live(sessionId).scan(command);
        case 'sim.inbound':
          return live(sessionId).inbound(command, inboundId(sessionId, commandId));
        case 'sim.status':
          return live(sessionId).status(command.messageId, command.status);
        case 'sim.disconnect': {
          const s = sockets.get(sessionId);
          if (!s || s.controls.closed) throw new Error(`session ${sessionId} has no simulated connection`);
          await s.socket.end(new SimDisconnect(command.code));
          return;
        }
        case 'sim.timelock': {
          const s = sockets.get(sessionId);
          if (s) s.controls.timelock(command.seconds);
          else {
            let state = states.get(sessionId);
            if (!state) states.set(sessionId, (state = { known: new Set(), sentTo: new Map(), timelockUntil: 0 }));
            state.timelockUntil = Date.now() + command.seconds * 1000;
          }
          return;
        }
      }
    },
    async close() {
      for (const s of sockets.values()) await s.socket.end(undefined);
      sockets.clear();
    },
  };
}
