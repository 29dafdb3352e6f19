/**
 * The effects one request registered with `afterCommit`. The handler runs
 * them once the request's transaction has committed; when it throws instead
 * (rolled back), they are never run.
 */
export class AfterCommitEffects {
  private readonly effects: (() => void)[] = [];

  readonly add = (effect: () => void): void => {
    this.effects.push(effect);
  };

  /**
   * The change is durable by now, so the client gets its success answer
   * whatever happens here: an effect that throws is logged, and the rest
   * still run.
   */
  runAll(log: (message: string, error?: unknown) => void): void {
    for (const effect of this.effects.splice(0)) {
      try {
        effect();
      } catch (error) {
        log('an effect scheduled after commit failed', error);
      }
    }
  }
}
