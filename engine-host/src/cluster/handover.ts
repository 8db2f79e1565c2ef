// Thrown while handling a command whose session this replica no longer owns
// (its lease was lost, released at shutdown, or is about to expire). The
// command is not answered and not completed: the command loop hands it back
// to the shared queue, and the session's new owner runs it. Every command is
// idempotent, so one that got half-way here is safe to run there.

export class HandoverError extends Error {
  constructor(sessionId: string) {
    super(`session ${sessionId} is not owned by this replica`);
  }
}
