// A curator's round at the proof desk in headless Chromium (playwright-core from tools/, Debian's Chromium):
// axe-core on the page, the flagged paragraph played, a word respelt and its take played, kept, applied; printed
// as one JSON object.   node proof.mjs BASE_URL [--shots DIR]
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const tools = join(here, '..', '..', 'tools')
const require = createRequire(join(tools, 'package.json'))
const { chromium } = require('playwright-core')
const axePath = require.resolve('axe-core/axe.min.js')

const [base] = process.argv.slice(2)
const shotsAt = process.argv.indexOf('--shots')
const shots = shotsAt > 0 ? process.argv[shotsAt + 1] : null
const result = { errors: [], violations: [], played: 0, take: 0, applied: null, after: null }

const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required', '--mute-audio'],
})
try {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } })
    await phone.goto(base, { waitUntil: 'load' })
    if (shots) await phone.screenshot({ path: join(shots, 'desk-phone.png'), fullPage: true })
    await phone.close()

    const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } })
    page.on('pageerror', e => result.errors.push(String(e)))
    page.on('console', m => { if (m.type() === 'error') result.errors.push(m.text()) })
    await page.goto(base, { waitUntil: 'load' })
    await page.addScriptTag({ path: axePath })
    result.violations = await page.evaluate(async () => {
        const found = await window.axe.run(document, { resultTypes: ['violations'] })
        return found.violations.map(v => ({ id: v.id, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }))
    })
    if (shots) await page.screenshot({ path: join(shots, 'desk.png'), fullPage: true })

    // The paragraph heard wrong, played from the book's own file.
    const play = page.locator('button.play').first()
    const start = Number(await play.getAttribute('data-start'))
    await play.click()
    await page.waitForFunction(s => { const a = document.querySelector('#player'); return !a.paused && a.currentTime > s + 0.3 },
        start, { timeout: 60000 })
    result.played = await page.evaluate(() => document.querySelector('#player').currentTime)

    // The word respelt, by keyboard as a curator would type it, and its take heard.
    const row = page.locator('li.another')
    await row.locator('input[name=word]').fill('entraide')
    await row.locator('input[name=phonemes]').fill('ɑntɹˈɛd')
    await row.locator('button.try').click()
    await page.waitForFunction(() => { const a = document.querySelector('#player'); return a.src.startsWith('blob:') && a.currentTime > 0.2 },
        null, { timeout: 120000 })
    result.take = await page.evaluate(() => document.querySelector('#player').duration)
    await row.locator('button.keep').focus()
    await page.keyboard.press('Enter')
    await page.waitForFunction(() => document.querySelector('#kept-count').textContent === '1', null, { timeout: 30000 })

    await page.locator('#apply').click()
    await page.waitForFunction(() => /^Applied|error|changed/.test(document.querySelector('#progress').textContent),
        null, { timeout: 300000 })
    if (shots) await page.screenshot({ path: join(shots, 'applied.png'), fullPage: true })
    result.progress = await page.evaluate(() => document.querySelector('#progress').textContent)
    result.applied = await page.evaluate(async () => (await (await fetch('status')).json()).applied)
    await page.reload({ waitUntil: 'load' })
    result.after = await page.evaluate(() => document.querySelector('#heard-heading').textContent)
} catch (error) {
    result.errors.push(String(error))
} finally {
    await browser.close()
}
console.log(JSON.stringify(result))
