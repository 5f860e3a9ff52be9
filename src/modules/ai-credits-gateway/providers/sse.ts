/**
 * A server-sent events parser (https://html.spec.whatwg.org/multipage/server-sent-events.html),
 * just what streaming Chat Completions need: `data:` and `event:` fields, comments, any line
 * ending (`\n`, `\r\n`, `\r`, also split across network chunks). `id:` and `retry:` are ignored:
 * the stream is never reconnected.
 */

export type SseEvent = {
  /** The `event:` field; undefined for the default "message" event. */
  event?: string
  /** The `data:` lines of the event, joined with "\n". */
  data: string
}

export class SseParser {
  /** Text received after the last complete line. */
  private pending = ""
  private dataLines: string[] = []
  private eventName: string | undefined

  /** Feeds decoded text; returns the events it completed. */
  push(text: string): SseEvent[] {
    const events: SseEvent[] = []
    this.pending += text
    let lineStart = 0
    for (let i = 0; i < this.pending.length; i++) {
      const char = this.pending[i]
      if (char !== "\n" && char !== "\r") {
        continue
      }
      if (char === "\r" && i === this.pending.length - 1) {
        // A "\r" at the end of a chunk may be the first half of "\r\n": wait for the next chunk.
        break
      }
      this.processLine(this.pending.slice(lineStart, i), events)
      if (char === "\r" && this.pending[i + 1] === "\n") {
        i++
      }
      lineStart = i + 1
    }
    this.pending = this.pending.slice(lineStart)
    return events
  }

  /**
   * The stream ended: returns the last event if it lacked its closing blank line. (The spec
   * drops such an event; some servers end without the blank line, and dropping their last
   * chunk would lose the usage.)
   */
  end(): SseEvent[] {
    const events: SseEvent[] = []
    if (this.pending) {
      this.processLine(this.pending.replace(/\r$/, ""), events)
      this.pending = ""
    }
    this.processLine("", events)
    return events
  }

  private processLine(line: string, events: SseEvent[]): void {
    if (line === "") {
      if (this.dataLines.length) {
        events.push({ event: this.eventName, data: this.dataLines.join("\n") })
      }
      this.dataLines = []
      this.eventName = undefined
      return
    }
    if (line.startsWith(":")) {
      return
    }
    const colon = line.indexOf(":")
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? "" : line.slice(colon + 1)
    if (value.startsWith(" ")) {
      value = value.slice(1)
    }
    if (field === "data") {
      this.dataLines.push(value)
    } else if (field === "event") {
      this.eventName = value
    }
  }
}
