import { SseParser } from "../sse"

describe("SseParser", () => {
  it("parses data events separated by blank lines, skipping comments", () => {
    const parser = new SseParser()
    expect(parser.push(": keep-alive\n\ndata: {\"a\":1}\n\ndata: [DONE]\n\n")).toEqual([
      { event: undefined, data: '{"a":1}' },
      { event: undefined, data: "[DONE]" },
    ])
  })

  it("joins multi-line data and keeps the event name", () => {
    const parser = new SseParser()
    expect(parser.push("event: error\ndata: line 1\ndata:line 2\n\n")).toEqual([
      { event: "error", data: "line 1\nline 2" },
    ])
  })

  it("handles events and CRLF line endings split across chunks", () => {
    const parser = new SseParser()
    const text = "data: one\r\n\r\ndata: two\r\n\r\n"
    const events = [...text].flatMap((char) => parser.push(char))
    expect(events.map((e) => e.data)).toEqual(["one", "two"])
    expect(parser.end()).toEqual([])
  })

  it("accepts lone CR line endings (a CR ending a chunk waits for what follows)", () => {
    const parser = new SseParser()
    expect(parser.push("data: x\r\rdata: y\r\r").map((e) => e.data)).toEqual(["x"])
    expect(parser.push("data: z\r\r").map((e) => e.data)).toEqual(["y"])
    expect(parser.end().map((e) => e.data)).toEqual(["z"])
  })

  it("returns a last event that lacks its blank line at the end of the stream", () => {
    const parser = new SseParser()
    expect(parser.push("data: last")).toEqual([])
    expect(parser.end()).toEqual([{ event: undefined, data: "last" }])
  })
})
