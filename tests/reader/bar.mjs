// The player bar of a work's page as a phone reader meets it, in headless Chromium (playwright-core from tools/,
// Debian's Chromium): in reach wherever the page is scrolled, speed kept across a reload and a chapter, the keys,
// skipping, following the text and letting go, a sentence played from the keyboard, the sleep timer at a
// chapter's end, the lock screen's metadata; then on a desktop in dark mode, playing. Prints one JSON object.
//   node bar.mjs WORK_URL [--shots DIR]
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(join(here, '..', '..', 'tools', 'package.json'))
const { chromium } = require('playwright-core')
const [url] = process.argv.slice(2)
const shotsAt = process.argv.indexOf('--shots')
const shots = shotsAt > 0 ? process.argv[shotsAt + 1] : null

const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--autoplay-policy=no-user-gesture-required',
        '--mute-audio', '--allow-file-access-from-files'],
})
const result = { errors: [] }
const audio = 'document.querySelector("audio#player")'
const settle = page => page.waitForFunction(`${audio}.readyState >= 1 && !${audio}.seeking`, null, { timeout: 30000 })
try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    const page = await context.newPage()
    page.on('pageerror', e => result.errors.push(String(e)))
    await page.goto(url, { waitUntil: 'load' })
    await settle(page)
    // In reach: the play button is the element at its own centre, at the top of the page and at its foot.
    const reach = () => page.evaluate(() => {
        const play = document.querySelector('.bar-play')
        const box = play.getBoundingClientRect()
        return box.bottom <= window.innerHeight && document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2) === play
    })
    result.reach = { top: await reach() }
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight))
    result.reach.bottom = await reach()
    if (shots) await page.screenshot({ path: join(shots, 'bar-phone.png') })
    await page.evaluate(() => window.scrollTo(0, 0))
    // Keys: Space plays and pauses; ] speeds up.
    await page.focus('body')
    await page.keyboard.press('Space')
    await page.waitForFunction(`!${audio}.paused`, null, { timeout: 30000 })
    result.keys = { played: true, label: await page.getAttribute('.bar-play', 'aria-label') }
    await page.keyboard.press('Space')
    await page.waitForFunction(`${audio}.paused`, null, { timeout: 30000 })
    await page.keyboard.press(']')
    result.keys.speed = await page.inputValue('.bar-speed select')
    // Skipping: forward 30 s and back 15 s in the whole book.
    const book = () => page.evaluate(() => window.pressroomPlayer.controls.bookMs())
    await page.evaluate(() => window.pressroomPlayer.seek(0, 2, false))
    await settle(page)
    const before = await book()
    await page.keyboard.press('ArrowRight')
    await page.waitForFunction(b => window.pressroomPlayer.controls.bookMs() > b + 20000, before, { timeout: 30000 })
    await settle(page)
    const ahead = await book()
    await page.click('.bar-back')
    await page.waitForFunction(a => window.pressroomPlayer.controls.bookMs() < a - 10000, ahead, { timeout: 30000 })
    await settle(page)
    result.skip = { before, ahead, back: await book(), whole: await page.evaluate(() => window.pressroomPlayer.controls.whole()),
        shown: await page.textContent('.bar-whole') }
    // The speed chosen is kept across a reload and a new chapter file.
    await page.selectOption('.bar-speed select', '1.5')
    await page.reload({ waitUntil: 'load' })
    await settle(page)
    const files = await page.evaluate(() => window.pressroomPlayer.files().length)
    await page.evaluate(n => window.pressroomPlayer.seek(n - 1, 0, true), files)
    await page.waitForFunction(n => window.pressroomPlayer.current() === n - 1 && !document.querySelector('audio#player').paused, files, { timeout: 30000 })
    result.speed = { chosen: await page.inputValue('.bar-speed select'), playing: await page.evaluate(`${audio}.playbackRate`) }
    // The lock screen: the chapter playing, the book, the author.
    await page.waitForFunction(() => navigator.mediaSession.metadata, null, { timeout: 30000 })
    result.lock = await page.evaluate(() => {
        const m = navigator.mediaSession.metadata
        return { title: m.title, album: m.album, artist: m.artist, art: m.artwork.length, chapter: document.querySelector('.bar-chapter').textContent }
    })
    // Following: the reader scrolling away lets go; "Back to where it reads" takes it up again.
    await page.evaluate(() => window.pressroomPlayer.seek(0, 1, true))
    await page.waitForFunction(() => document.querySelector('.reading'), null, { timeout: 30000 })
    await page.mouse.wheel(0, 3000)
    await page.waitForFunction(() => !window.pressroomPlayer.following(), null, { timeout: 10000 })
    const away = await page.evaluate(() => window.scrollY)
    await page.waitForTimeout(1500)
    result.follow = { letGo: true, stayed: Math.abs((await page.evaluate(() => window.scrollY)) - away) < 5,
        offered: await page.isVisible('.bar-return') }
    await page.click('.bar-return')
    // Playing on: the sentence lit now (between two sentences, none is) is in view.
    result.follow.back = await page.waitForFunction(() => {
        const reading = document.querySelector('.reading')
        const box = reading && reading.getBoundingClientRect()
        return window.pressroomPlayer.following() && box && box.top >= 0 && box.bottom <= window.innerHeight
    }, null, { timeout: 10000 }).then(() => true, () => false)
    await page.evaluate(`${audio}.pause()`)
    // A sentence reached with Tab plays from it on Enter.
    const target = await page.evaluate(() => {
        const element = [...document.querySelectorAll('.text [data-heard]')][3]
        element.focus()
        return element.id
    })
    await page.keyboard.press('Enter')
    await page.waitForFunction(id => document.querySelector('.reading')?.id === id && !document.querySelector('audio#player').paused, target, { timeout: 30000 })
    result.sentence = { id: target, focusable: await page.evaluate(id => document.getElementById(id).tabIndex, target) }
    // Sleep at the end of the chapter: set a second before the chapter's end, it stops there.
    const chapter = await page.evaluate(() => {
        const b = document.querySelector('ol.chapters button[data-file]')
        return { file: Number(b.dataset.file), end: Number(b.dataset.end) }
    })
    await page.evaluate(c => window.pressroomPlayer.seek(c.file, c.end - 1.5, true), chapter)
    await page.waitForFunction(c => window.pressroomPlayer.current() === c.file && !document.querySelector('audio#player').paused
        && document.querySelector('ol.chapters button[aria-current]'), chapter, { timeout: 30000 })
    await page.selectOption('.bar-sleep select', 'chapter')
    await page.waitForFunction(`${audio}.paused`, null, { timeout: 15000 })
    result.sleep = { stoppedAt: await page.evaluate(`${audio}.currentTime`), end: chapter.end, file: chapter.file,
        now: await page.evaluate(() => window.pressroomPlayer.current()), files: await page.evaluate(() => window.pressroomPlayer.files().length),
        reset: await page.inputValue('.bar-sleep select') }
    await context.close()
    // A desktop in dark mode, playing: the page and the bar dark, the bar's text readable on it (WCAG contrast),
    // its controls on one line, the play button in reach.
    const dark = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' })
    const wide = await dark.newPage()
    wide.on('pageerror', e => result.errors.push(String(e)))
    await wide.goto(url, { waitUntil: 'load' })
    await settle(wide)
    await wide.click('.bar-play')
    await wide.waitForFunction(`!${audio}.paused`, null, { timeout: 30000 })
    result.dark = await wide.evaluate(() => {
        // rgb(…) in 0-255, or color(srgb …) in 0-1 (what color-mix() computes to).
        const rgb = value => (value.match(/[\d.]+/g) || []).slice(0, 3).map(Number).map(c => value.startsWith('color(') ? c * 255 : c)
        const luminance = ([r, g, b]) => {
            const [R, G, B] = [r, g, b].map(c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4 })
            return 0.2126 * R + 0.7152 * G + 0.0722 * B
        }
        const contrast = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((m, n) => n - m); return (x + 0.05) / (y + 0.05) }
        const bar = document.querySelector('.player-bar')
        const ground = rgb(getComputedStyle(bar).backgroundColor)
        const texts = [...bar.querySelectorAll('button, .bar-time, label, select')].filter(e => e.getClientRects().length)
        const play = document.querySelector('.bar-play').getBoundingClientRect()
        const tops = new Set(texts.map(e => Math.round(e.getBoundingClientRect().top / 20)))
        return {
            page: luminance(rgb(getComputedStyle(document.body).backgroundColor)),
            bar: luminance(ground),
            lowestContrast: Math.min(...texts.map(e => contrast(rgb(getComputedStyle(e).color), ground))),
            barHeight: bar.getBoundingClientRect().height,
            rows: tops.size,
            playInReach: play.bottom <= window.innerHeight && document.elementFromPoint(play.x + play.width / 2, play.y + play.height / 2) === document.querySelector('.bar-play'),
            playing: !document.querySelector('audio#player').paused,
        }
    })
    // axe-core on the page as it is while playing in dark mode (the bar's live state: pause label, chapter, time).
    await wide.addScriptTag({ path: require.resolve('axe-core/axe.min.js') })
    result.dark.axe = await wide.evaluate(async () => {
        const found = await window.axe.run(document, { resultTypes: ['violations'] })
        return found.violations.map(v => ({ id: v.id, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }))
    })
    if (shots) await wide.screenshot({ path: join(shots, 'bar-dark-1280.png') })
    await dark.close()
} catch (error) {
    result.errors.push(String(error))
} finally {
    await browser.close()
}
console.log(JSON.stringify(result))
