/** ANSI: move the cursor to the start of the line `n` lines up. */
const up = (n: number): string => `\u001b[${n}F`;
/** ANSI: clear from the cursor to the end of the screen. */
const CLEAR_DOWN = '\u001b[0J';

/**
 * A block of text drawn again in place on a terminal (the cursor moves back up over the previous
 * drawing, which is cleared), or appended on anything else (a file, a pipe, a log collector).
 */
export class LiveBlock {
  readonly #stream: NodeJS.WritableStream;
  readonly #inPlace: boolean;
  #lines = 0;

  constructor(stream: NodeJS.WritableStream, inPlace: boolean) {
    this.#stream = stream;
    this.#inPlace = inPlace;
  }

  /** Draws `text` over the previous drawing (terminal) or after it. */
  draw(text: string): void {
    const body = text.endsWith('\n') ? text : `${text}\n`;
    const back = this.#inPlace && this.#lines > 0 ? `${up(this.#lines)}${CLEAR_DOWN}` : '';
    this.#stream.write(`${back}${body}`);
    this.#lines = body.split('\n').length - 1;
  }

  /** Text written below the block: the next drawing starts below it instead of over it. */
  release(): void {
    this.#lines = 0;
  }
}
