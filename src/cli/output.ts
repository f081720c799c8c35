// Buffered output: thousands of JSON lines written one write() each would cost more than parsing them.

export class Output {
  private buf: Array<string | Uint8Array> = [];
  private size = 0;

  line(s: string): void {
    this.write(s + '\n');
  }

  /** Text or UTF-8 bytes, written as they are (bytes come encoded from the workers of the pool). */
  write(s: string | Uint8Array): void {
    this.buf.push(s);
    this.size += s.length;
    if (this.size > 1 << 20) this.flush();
  }

  err(s: string): void {
    this.flush();
    process.stderr.write(s + '\n');
  }

  private flush(): void {
    if (!this.buf.length) return;
    process.stdout.write(this.buf.every((b) => typeof b === 'string') ? this.buf.join('') : Buffer.concat(this.buf.map((b) => (typeof b === 'string' ? Buffer.from(b) : b))));
    this.buf = [];
    this.size = 0;
  }

  async close(): Promise<void> {
    this.flush();
    await new Promise<void>((resolve) => (process.stdout.writableNeedDrain ? process.stdout.once('drain', resolve) : resolve()));
  }
}
