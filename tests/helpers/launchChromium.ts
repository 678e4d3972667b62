import { existsSync } from 'node:fs'
import { type Browser, type BrowserContextOptions, chromium } from 'playwright-core'

/**
 * How long a page's waits (locators, navigations) last in every context of these browsers. Playwright's
 * 30 s ran out on CI while the page was only slow: two suite files beside a flow on two cores, a
 * Monaco editor or a form re-rendered after a server round trip took longer than 30 s to appear
 * (authoring-flow, local-run-gpu). A real hang still fails, within the test's own timeout.
 */
export const PAGE_WAIT_MS = 90_000

export interface ChromiumOptions {
  /**
   * WebGPU on SwiftShader (Chromium's bundled Vulkan): drops `--disable-gpu` and adds
   * `--enable-unsafe-webgpu` (WebGPU on Linux is behind it); `navigator.gpu` then has an adapter in
   * pages and workers of a secure context (http://localhost or 127.0.0.1).
   */
  webgpu?: boolean
  /**
   * V8's old-space limit for every renderer, in MB: a program that exhausts the heap then dies in a
   * second instead of after ~4 GB (Chromium's own limit on this machine).
   */
  heapLimitMb?: number
  /**
   * WebAssembly tiers up to TurboFan as in learners' browsers (by default the tests keep it on the
   * baseline compiler: `jsFlags`). The bench sets it: it times the in-page compile.
   */
  wasmTierUp?: boolean
  /** Lets a second client attach over CDP (`chromium.connectOverCDP`), e.g. after a frame crashed. */
  remoteDebuggingPort?: number
}

/**
 * Debian's Chromium, headless: its old headless shell where installed (.ci/run installs it), the full
 * browser otherwise. The shell renders with the same Blink and runs WebGPU on the same SwiftShader, on
 * about a third less CPU (every-page: 49 s of CPU with the full browser, 30 s with the shell, at
 * load 8; the browser tests are most of the suite's CPU).
 */
const CHROMIUM = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((file) => existsSync(file))

/**
 * Debian's Chromium (above). The networking flags keep it from reaching for Google's services, which
 * this machine's closed network refuses.
 */
export async function launchChromium(options: ChromiumOptions = {}): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      ...(options.webgpu ? ['--enable-unsafe-webgpu'] : ['--disable-gpu']),
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--js-flags=${jsFlags(options).join(' ')}`,
      ...(options.remoteDebuggingPort ? [`--remote-debugging-port=${options.remoteDebuggingPort}`] : []),
    ],
  })
  return withPageWaits(browser)
}

/**
 * V8's flags for every renderer. `--liftoff-only`: WebAssembly stays on V8's baseline compiler. The
 * only wasm these pages run is esbuild-wasm (14 MB, the in-page compile), and its tier-up to TurboFan
 * in each fresh context took ~3.5 s of CPU on background threads over its first compiles (a challenge
 * page opened and five solutions pasted: 5.7 s of the renderer's CPU by default, 1.6 s with it), for
 * compiles of a few milliseconds either way. Learners' code is JavaScript (the arena refuses
 * WebAssembly), so what a test times is untouched; the bench, which times the compile, tiers up
 * (`wasmTierUp`).
 */
function jsFlags(options: ChromiumOptions): string[] {
  return [
    ...(options.wasmTierUp ? [] : ['--liftoff-only']),
    ...(options.heapLimitMb ? [`--max-old-space-size=${options.heapLimitMb}`] : []),
  ]
}

/** Every context the browser opens waits PAGE_WAIT_MS (the flows open theirs with `newContext`). */
function withPageWaits(browser: Browser): Browser {
  const newContext = browser.newContext.bind(browser)
  browser.newContext = async (options?: BrowserContextOptions) => {
    const context = await newContext(options)
    context.setDefaultTimeout(PAGE_WAIT_MS)
    return context
  }
  return browser
}
