import { type Browser, chromium } from 'playwright-core'

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
  /** Lets a second client attach over CDP (`chromium.connectOverCDP`), e.g. after a frame crashed. */
  remoteDebuggingPort?: number
}

/**
 * Debian's Chromium (`apt-get install chromium`, done by .ci/run), headless. The networking flags keep
 * it from reaching for Google's services, which this machine's closed network refuses.
 */
export function launchChromium(options: ChromiumOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      ...(options.webgpu ? ['--enable-unsafe-webgpu'] : ['--disable-gpu']),
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(options.heapLimitMb ? [`--js-flags=--max-old-space-size=${options.heapLimitMb}`] : []),
      ...(options.remoteDebuggingPort ? [`--remote-debugging-port=${options.remoteDebuggingPort}`] : []),
    ],
  })
}
