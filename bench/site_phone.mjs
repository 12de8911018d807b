// The library page as a phone meets it: headless Chromium (playwright-core from tools/, Debian's Chromium) at
// 390x844, the CPU slowed 4x and the network shaped as Lighthouse's "slow 4G" (150 ms, 1.6 Mbit/s down). Prints
// one JSON object: for each of `runs` fresh loads, first contentful paint, the load event, the bytes fetched, and
// the time from a word typed in the search box to the books shown being counted again.
//   node site_phone.mjs URL [--runs N] [--query WORD]
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(join(here, '..', 'tools', 'package.json'))
const { chromium } = require('playwright-core')

const [url] = process.argv.slice(2)
const option = (name, fallback) => {
    const at = process.argv.indexOf(name)
    return at > 0 ? process.argv[at + 1] : fallback
}
const runs = Number(option('--runs', '5'))
const query = option('--query', 'mutual')

const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
})
const result = { url, runs: [], errors: [] }
try {
    for (let run = 0; run < runs; run++) {
        const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true })
        const page = await context.newPage()
        page.on('pageerror', e => result.errors.push(String(e)))
        const cdp = await context.newCDPSession(page)
        await cdp.send('Network.enable')
        await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 })
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
        let bytes = 0
        cdp.on('Network.loadingFinished', e => { bytes += e.encodedDataLength })
        await page.goto(url, { waitUntil: 'load' })
        const timing = await page.evaluate(() => {
            const paint = performance.getEntriesByName('first-contentful-paint')[0]
            const nav = performance.getEntriesByType('navigation')[0]
            return { fcp_ms: paint ? paint.startTime : null, load_ms: nav.loadEventEnd, books: document.querySelectorAll('ul.works > li').length }
        })
        const search_ms = await page.evaluate(async (word) => {
            const box = document.querySelector('#search')
            const shown = document.querySelector('#shown')
            const before = shown.textContent
            const start = performance.now()
            box.value = word
            box.dispatchEvent(new Event('input', { bubbles: true }))
            while (shown.textContent === before) await new Promise(r => setTimeout(r, 1))
            await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))  // painted
            return performance.now() - start
        }, query)
        const shown = await page.textContent('#shown')
        result.runs.push({ ...timing, search_ms, shown, kilobytes: Math.round(bytes / 1024) })
        await context.close()
    }
} finally {
    await browser.close()
}
console.log(JSON.stringify(result))
