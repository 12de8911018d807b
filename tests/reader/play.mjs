// Plays a narrated EPUB's media overlay in headless Chromium with foliate-js and prints what was highlighted.
//   node play.mjs BOOK.epub --rate 2 --count 6 --screenshot shot.png
// Prints one JSON object: {events: [{id, t}], errors: [...], activeClass}.
import { createRequire } from 'node:module'
import { createServer } from 'node:http'
import { readFile } from 'node:fs/promises'
import { dirname, join, extname } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const tools = join(here, '..', '..', 'tools')
const require = createRequire(join(tools, 'package.json'))
const { chromium } = require('playwright-core')

const args = process.argv.slice(2)
const option = (name, fallback) => {
    const i = args.indexOf(name)
    return i >= 0 ? args[i + 1] : fallback
}
const book = args[0]
const rate = Number(option('--rate', '2'))
const count = Number(option('--count', '6'))
const screenshot = option('--screenshot', null)
const timeoutMs = Number(option('--timeout', '60')) * 1000

const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.epub': 'application/epub+zip' }
const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://localhost').pathname
    let file
    if (path === '/reader.html') file = join(here, 'reader.html')
    else if (path === '/book.epub') file = book
    else if (path.startsWith('/foliate-js/')) file = join(tools, 'node_modules', path.slice(1))
    try {
        if (!file) throw new Error('not found')
        const body = await readFile(file)
        res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' })
        res.end(body)
    } catch {
        res.writeHead(404)
        res.end()
    }
})
await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
const port = server.address().port

const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--autoplay-policy=no-user-gesture-required'],
})
let result
try {
    const page = await browser.newPage({ viewport: { width: 900, height: 1100 } })
    const consoleErrors = []
    page.on('pageerror', e => consoleErrors.push(String(e)))
    await page.goto(`http://127.0.0.1:${port}/reader.html?book=/book.epub&rate=${rate}`)
    await page.waitForFunction(() => window.pressroom?.ready, null, { timeout: timeoutMs })
    await page.evaluate(() => { window.view.startMediaOverlay() })
    await page.waitForFunction(n => window.pressroom.events.length >= n || window.pressroom.errors.length,
        count, { timeout: timeoutMs }).catch(() => {})
    if (screenshot) await page.screenshot({ path: screenshot })
    result = await page.evaluate(() => window.pressroom)
    result.errors.push(...consoleErrors)
} finally {
    await browser.close()
    server.close()
}
console.log(JSON.stringify(result))
