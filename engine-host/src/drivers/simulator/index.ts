import type { Config } from '../../config.js';
import { ConfigError } from '../../config.js';
import type { MediaStore } from '../../media/media-store.js';
import type { Driver, SimCommand } from '../driver.js';
import { inboundId } from './sim-messages.js';
import { makeSimSocket, newSimState, SimDisconnect, type SimConfig, type SimSessionState, type SimSocket } from './sim-socket.js';

// The offline stand-in for WhatsApp (WA_ENGINE=simulator): deterministic, fast,
// driven by the sim.* commands. Linked state lives in the same auth table as
// real sessions, so a restart resumes simulated sessions without a QR too.
// Media comes from and goes to the same Blob container the engine uses.

export function simConfigFrom(config: Config['sim']): SimConfig {
  let notOnWhatsApp: RegExp;
  try {
    notOnWhatsApp = new RegExp(config.notOnWhatsApp);
  } catch {
    throw new ConfigError(`Setting WA_SIM_NOT_ON_WHATSAPP is not a valid regular expression: "${config.notOnWhatsApp}"`);
  }
  return { deliveredMs: config.deliveredMs, readMs: config.readMs, qrRotateMs: config.qrRotateMs, notOnWhatsApp };
}

export function makeSimulatorDriver(config: SimConfig, deps: { media: MediaStore }): Driver {
  const states = new Map<string, SimSessionState>();
  const sockets = new Map<string, SimSocket>();

  const stateOf = (sessionId: string): SimSessionState => {
    let state = states.get(sessionId);
    if (!state) states.set(sessionId, (state = newSimState()));
    return state;
  };

  const live = (sessionId: string): SimSocket['controls'] => {
    const s = sockets.get(sessionId);
    // Thrown errors make the command retry later: the session may be between sockets.
    if (!s || s.controls.closed) throw new Error(`session ${sessionId} has no simulated connection`);
    return s.controls;
  };

  return {
    kind: 'simulator',
    openSocket(ctx) {
      const sim = makeSimSocket(ctx, config, stateOf(ctx.sessionId), deps.media);
      sockets.set(ctx.sessionId, sim);
      return sim.socket;
    },
    qrLifetimeMs: () => config.qrRotateMs,
    async simulate(sessionId: string, command: SimCommand, commandId: string) {
      const id = inboundId(sessionId, commandId);
      switch (command.type) {
        case 'sim.scan':
          return live(sessionId).scan(command);
        case 'sim.inbound':
          return live(sessionId).inbound(command, id);
        case 'sim.reaction':
          return live(sessionId).reaction(command, id);
        case 'sim.edit':
          return live(sessionId).edit(command, id);
        case 'sim.revoke':
          return live(sessionId).revoke(command, id);
        case 'sim.vote':
          return live(sessionId).vote(command, id);
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
          else stateOf(sessionId).timelockUntil = Date.now() + command.seconds * 1000;
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
