import { describe, expect, it } from "vitest";
import { checkBaseUrl, isAllowlisted, isPrivateAddress, parseAllowlist } from "@/lib/gateway/upstream-guard";

const none = parseAllowlist([]);

describe("checkBaseUrl", () => {
  it.each([
    "http://127.0.0.1:8000/v1",
    "http://localhost/v1",
    "http://169.254.169.254/latest/meta-data",
    "http://[::1]/v1",
    "http://[::ffff:127.0.0.1]/v1",
    "http://[::ffff:a9fe:a9fe]/",
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0177.0.0.1/",
    "http://10.1.2.3/v1",
    "http://192.168.1.10/v1",
    "http://[fe80::1]/",
    "http://metadata.google.internal/",
    "http://0.0.0.0/",
    "https://user:pass@api.openai.com/v1",
    "https://api.openai.com#@127.0.0.1/v1",
    "file:///etc/passwd",
    "gopher://127.0.0.1/",
    "not a url",
  ])("refuses %s", (url) => {
    expect(checkBaseUrl(url, none).ok).toBe(false);
  });

  it.each(["https://api.openai.com/v1", "https://api.anthropic.com", "http://8.8.8.8/v1", "https://llm.example.com:8443/v1"])("accepts %s", (url) => {
    expect(checkBaseUrl(url, none).ok).toBe(true);
  });

  it("lets the admin allowlist open private hosts, precisely", () => {
    const allow = parseAllowlist(["10.0.0.0/8", "vllm.internal", "127.0.0.1:3999"]);
    expect(checkBaseUrl("http://10.20.30.40:8000/v1", allow).ok).toBe(true);
    expect(checkBaseUrl("http://127.0.0.1:3999/v1", allow).ok).toBe(true);
    expect(checkBaseUrl("http://127.0.0.1:4000/v1", allow).ok).toBe(false);
    expect(checkBaseUrl("http://192.168.0.1/v1", allow).ok).toBe(false);
    expect(isAllowlisted(allow, "vllm.internal", "8000", "10.9.9.9")).toBe(true);
  });
});

describe("isPrivateAddress", () => {
  it.each([
    ["127.0.0.1", true], ["10.0.0.1", true], ["172.31.255.255", true], ["172.32.0.1", false], ["169.254.169.254", true],
    ["::1", true], ["::ffff:127.0.0.1", true], ["::ffff:7f00:1", true], ["fd12::1", true], ["8.8.8.8", false],
    ["2606:4700::1111", false], ["not-an-ip", true],
  ])("%s -> %s", (ip, expected) => {
    expect(isPrivateAddress(ip)).toBe(expected);
  });
});
