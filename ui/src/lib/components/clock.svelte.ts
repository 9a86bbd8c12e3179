// The time, for things that count down on screen (a ticket's SLA). One
// shared one-second tick, running only while some effect or template
// reads `clock.now`: nothing ticks on screens without a countdown, and
// every countdown on a screen moves in step.

import { createSubscriber } from 'svelte/reactivity';

/** How often a reader of `now` is told the time has moved. */
export const TICK_MS = 1000;

class Clock {
  #subscribe = createSubscriber((update) => {
    const timer = setInterval(update, TICK_MS);
    return () => clearInterval(timer);
  });

  /**
   * The time now. Read in an effect, a derived or a template, it is read
   * again every second for as long as that reader lives; elsewhere it is
   * just the time.
   */
  get now(): Date {
    this.#subscribe();
    return new Date();
  }
}

export const clock = new Clock();
