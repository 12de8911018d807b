// Opens Pressroom's site in headless Chromium (playwright-core from tools/, Debian's Chromium) and reports, as
// one JSON object, what a visitor meets: axe-core's violations on each page, console errors, and on a work page
// the player: a click on chapter 2 seeks to its start, and the paragraph highlighted follows the audio.
//   node site.mjs BASE_URL WORK_SLUG [--shots DIR]
// BASE_URL is `file:///.../output/` or `http://127.0.0.1:PORT/`.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const tools = join(here, '..', '..', 'tools')
const require = createRequire(join(tools, 'package.json'))
const { chromium } = require('playwright-core')
const axePath = require.resolve('axe-core/axe.min.js')

const [base, slug] = process.argv.slice(2)
const shotsAt = process.argv.indexOf('--shots')
const shots = shotsAt > 0 ? process.argv[shotsAt + 1] : null

const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required', '--mute-audio',
        '--allow-file-access-from-files'],
})
const result = { pages: {}, errors: [], seek: null, follow: null }

async function open(url, viewport, errors) {
    const page = await browser.newPage({ viewport })
    page.on('pageerror', e => errors.push(`${url}: ${e}`))
    page.on('console', m => { if (m.type() === 'error') errors.push(`${url}: ${m.text()}`) })
    // A media element drops a request when it seeks or changes file (net::ERR_ABORTED): not an error.
    page.on('requestfailed', r => {
        const why = r.failure()?.errorText ?? ''
        if (!why.includes('ERR_ABORTED')) errors.push(`${url}: could not load ${r.url()} (${why})`)
    })
    await page.goto(url, { waitUntil: 'load' })
    return page
}

async function axe(page) {
    await page.addScriptTag({ path: axePath })
    return page.evaluate(async () => {
        const found = await window.axe.run(document, { resultTypes: ['violations'] })
        return found.violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }))
    })
}

try {
    const urls = { library: `${base}index.html`, work: `${base}${slug}/index.html` }
    for (const [name, url] of Object.entries(urls)) {
        for (const [width, height, label] of [[390, 844, 'phone'], [1280, 900, 'desktop']]) {
            const page = await open(url, { width, height }, result.errors)
            if (label === 'desktop') result.pages[name] = await axe(page)
            if (shots) await page.screenshot({ path: join(shots, `${name}-${label}.png`) })
            await page.close()
        }
    }
    const page = await open(urls.work, { width: 1280, height: 900 }, result.errors)
    const buttons = await page.$$('ol.chapters button[data-file]')
    const second = buttons[1] ?? buttons[0]
    const wanted = await second.evaluate(b => ({ file: Number(b.dataset.file), start: Number(b.dataset.start) }))
    await second.click()
    await page.waitForFunction(w => {
        const a = document.querySelector('audio#player')
        return a.readyState >= 1 && !a.seeking && Math.abs(a.currentTime - w.start) < 5 && decodeURIComponent(a.src).endsWith(window.pressroomPlayer.files()[w.file].src)
    }, wanted, { timeout: 30000 })
    const at = await page.evaluate(() => document.querySelector('audio#player').currentTime)
    result.seek = { wanted: wanted.start, at, file: wanted.file }
    // Let it play, then compare the highlighted paragraph with what the narration says is being read then.
    await page.waitForFunction(s => document.querySelector('audio#player').currentTime > s + 4
        && document.querySelector('.reading'), at, { timeout: 30000 })
    await page.evaluate(() => document.querySelector('audio#player').pause())
    result.follow = await page.evaluate(() => {
        const audio = document.querySelector('audio#player')
        const player = window.pressroomPlayer
        const ms = audio.currentTime * 1000
        const said = player.files()[player.current()].said.findLast(s => ms >= s[0] && ms < s[1] + 1000)
        const reading = document.querySelector('.reading')
        const current = document.querySelector('ol.chapters button[aria-current="true"]')
        return { expected: said ? said[2] : null, highlighted: reading ? reading.id : null,
            chapter: current ? current.textContent : null, time: audio.currentTime }
    })
    if (shots) await page.screenshot({ path: join(shots, 'work-playing.png') })
    // A click on a paragraph's second sentence plays from where it is said, and lights it.
    const sentence = await page.$('.text span[data-heard][id$="-s2"]')
    if (sentence) {
        const id = await sentence.evaluate(e => e.id)
        const spot = await page.evaluate(id => {
            const files = window.pressroomPlayer.files()
            for (let file = 0; file < files.length; file++) {
                const said = files[file].said.find(s => s[2] === id)
                if (said) return { file, start: said[0] / 1000 }
            }
            return null
        }, id)
        await sentence.click()
        await page.waitForFunction(w => {
            const a = document.querySelector('audio#player')
            return w && a.readyState >= 1 && !a.seeking && !a.paused && a.currentTime >= w.start
                && window.pressroomPlayer.current() === w.file
        }, spot, { timeout: 30000 })
        await page.waitForFunction(id => document.querySelector('.reading')?.id === id, id, { timeout: 30000 })
        const at = await page.evaluate(() => document.querySelector('audio#player').currentTime)
        await page.evaluate(() => document.querySelector('audio#player').pause())
        result.sentence = { id, wanted: spot.start, at, lit: await page.evaluate(() => document.querySelector('.reading')?.id) }
        if (shots) await page.screenshot({ path: join(shots, 'work-sentence.png') })
    }
    // The word being said is lit too (CSS Custom Highlight API): timed by the voice, or where it does not tell, by the listener.
    const words = await page.evaluate(() => window.pressroomPlayer.files().map(f => (f.words || []).length))
    const file = words.findIndex(n => n > 10)
    if (file >= 0) {
        const target = await page.evaluate(f => window.pressroomPlayer.files()[f].words[10], file)
        await page.evaluate(([f, at]) => window.pressroomPlayer.seek(f, at, true), [file, target[0] / 1000 - 0.5])
        await page.waitForFunction(() => window.pressroomPlayer.word() && CSS.highlights.get('heard-word'), null,
            { timeout: 30000 })
        await page.waitForFunction(t => { const w = window.pressroomPlayer.word(); return w && w[0] >= t }, target[0],
            { timeout: 30000 })
        result.word = await page.evaluate(() => {
            const audio = document.querySelector('audio#player')
            audio.pause()
            const w = window.pressroomPlayer.word()
            const range = [...CSS.highlights.get('heard-word')][0]
            const element = document.getElementById(w[2])
            return { lit: range.toString(), expected: element.textContent.slice(w[3], w[4]), at: audio.currentTime * 1000,
                start: w[0], end: w[1], sentence: document.querySelector('.reading')?.id ?? null }
        })
        if (shots) await page.screenshot({ path: join(shots, 'work-word.png') })
    }
    await page.close()
} catch (error) {
    result.errors.push(String(error))
} finally {
    await browser.close()
}
console.log(JSON.stringify(result))
