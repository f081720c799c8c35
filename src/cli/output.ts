// Buffered output: thousands of JSON lines written one write() each would cost more than parsing them.

export class Output {
  private buf: string[] = [];
  private size = 0;

  line(s: string): void {
    this.buf.push(s, '\n');
    this.size += s.length;
    if (this.size > 1 << 20) this.flush();
  }

  err(s: string): void {
    this.flush();
    process.stderr.write(s + '\n');
  }

  private flush(): void {
    if (!this.buf.length) return;
    process.stdout.write(this.buf.join(''));
    this.buf = [];
    this.size = 0;
  }

  async close(): Promise<void> {
    this.flush();
    await new Promise<void>((resolve) => (process.stdout.writableNeedDrain ? process.stdout.once('drain', resolve) : resolve()));
  }
}
