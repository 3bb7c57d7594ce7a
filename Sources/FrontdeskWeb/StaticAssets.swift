/// The stylesheet and scripts, served from /static/ so the pages carry no inline script or
/// style (the Content-Security-Policy forbids both). Small enough to live in the binary.
enum StaticAssets {
    static func asset(named name: String) -> (contentType: String, body: String)? {
        switch name {
        case "desk.css": ("text/css; charset=utf-8", css)
        case "live.js": ("text/javascript; charset=utf-8", live)
        case "kiosk.js": ("text/javascript; charset=utf-8", kiosk)
        default: nil
        }
    }

    /// High contrast (dark text on white, white on near-black for the TV: both above WCAG AA's
    /// 4.5:1), large type, a visible focus ring for the keyboard.
    static let css = """
    :root { font-family: system-ui, sans-serif; color: #111; background: #fff; }
    body { margin: 0; padding: 1rem; line-height: 1.4; }
    main { max-width: 40rem; margin: 0 auto; }
    h1 { font-size: 1.6rem; margin: 0 0 1rem; }
    label { display: block; font-weight: 600; margin: 0.8rem 0 0.2rem; }
    input, select, button { font: inherit; font-size: 1.1rem; padding: 0.5rem; width: 100%; box-sizing: border-box;
      border: 2px solid #333; border-radius: 4px; background: #fff; color: #111; }
    button { background: #0b4f9c; color: #fff; border-color: #0b4f9c; margin-top: 1.2rem; cursor: pointer; }
    :focus-visible { outline: 3px solid #c25400; outline-offset: 2px; }
    .error { border: 2px solid #a40000; color: #a40000; background: #fff3f3; padding: 0.6rem; }
    .hint { color: #333; font-size: 0.95rem; }
    .ticket { font-size: 2.4rem; font-weight: 700; letter-spacing: 0.05em; }
    .big { font-size: 1.4rem; }
    body.display { background: #0d1117; color: #f5f5f5; font-size: 1.6rem; min-height: 100vh; box-sizing: border-box; }
    html:has(body.display) { background: #0d1117; }
    body.display main { max-width: none; }
    body.display h1 { font-size: 2.2rem; }
    .serving { font-size: 3.2rem; font-weight: 700; color: #ffd24a; margin: 0.5rem 0 1.5rem; }
    .serving li { list-style: none; }
    .serving ul { padding: 0; margin: 0; }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: left; padding: 0.4rem 0.8rem; border-bottom: 1px solid #555; }
    body.display th { color: #d0d0d0; }
    .appointment { font-weight: 700; color: #7fd1ff; }
    .closed { font-size: 1.3rem; }
    textarea { font: inherit; font-size: 1.1rem; padding: 0.5rem; width: 100%; box-sizing: border-box; min-height: 6rem;
      border: 2px solid #333; border-radius: 4px; background: #fff; color: #111; }
    fieldset.rating { border: 2px solid #333; border-radius: 4px; margin: 1rem 0 0; padding: 0.4rem 0.8rem; }
    fieldset.rating legend { font-weight: 600; padding: 0 0.3rem; }
    fieldset.rating label { display: flex; align-items: center; font-weight: 400; margin: 0.3rem 0; min-height: 2.6rem; cursor: pointer; }
    fieldset.rating input { width: 1.4rem; height: 1.4rem; margin: 0 0.8rem 0 0; }
    """

    /// Live pages: listens to the page's event stream (its URL is the `data-events` attribute of
    /// #live) and swaps the server-rendered, already escaped fragment in; a `called` event rings
    /// a two-note chime generated with Web Audio (no sound file).
    static let live = """
    "use strict";
    (function () {
      var live = document.getElementById("live");
      if (!live || !window.EventSource) { return; }
      var audio = null;
      function chime() {
        try {
          audio = audio || new (window.AudioContext || window.webkitAudioContext)();
          [660, 880].forEach(function (frequency, i) {
            var start = audio.currentTime + i * 0.35;
            var tone = audio.createOscillator(), gain = audio.createGain();
            tone.type = "sine"; tone.frequency.value = frequency;
            gain.gain.setValueAtTime(0.0001, start);
            gain.gain.exponentialRampToValueAtTime(0.3, start + 0.03);
            gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.6);
            tone.connect(gain); gain.connect(audio.destination);
            tone.start(start); tone.stop(start + 0.65);
          });
          document.body.setAttribute("data-chimes", String(Number(document.body.getAttribute("data-chimes") || 0) + 1));
        } catch (e) { /* no audio: the screen still shows the call */ }
      }
      var source = new EventSource(live.getAttribute("data-events"));
      source.addEventListener("update", function (event) {
        live.innerHTML = event.data;
        live.setAttribute("data-version", event.lastEventId || "");
      });
      source.addEventListener("called", function () { chime(); });
    })();
    """

    /// The onsite kiosk: after 20 s without a key or a touch, back to the empty form (the meta
    /// refresh does the same without JavaScript).
    static let kiosk = """
    "use strict";
    (function () {
      var home = document.body.getAttribute("data-kiosk-home");
      if (!home) { return; }
      var idle = 20000, timer = null;
      function reset() { window.location.replace(home); }
      function poke() { clearTimeout(timer); timer = setTimeout(reset, idle); }
      ["keydown", "pointerdown", "touchstart", "input"].forEach(function (name) {
        document.addEventListener(name, poke, { passive: true });
      });
      poke();
    })();
    """
}
