//! The reload script and error overlay that `serve` adds to every HTML page it serves (never
//! to `build` output).

use super::site::Snapshot;

/// The reload script (and the error overlay, while a build error exists) added before
/// `</body>`. Served pages only; `build` output never has it.
pub fn inject(html: &str, snapshot_version: &impl InjectState) -> String {
    let mut addition = String::new();
    if let Some(error) = snapshot_version.error() {
        addition.push_str(&overlay_html(error));
    }
    addition.push_str(
        &RELOAD_SCRIPT
            .replace("__VERSION__", &snapshot_version.version().to_string())
            .replace("OVERLAY_STYLE", OVERLAY_STYLE),
    );
    match html.rfind("</body>") {
        Some(at) => {
            let mut out = String::with_capacity(html.len() + addition.len());
            out.push_str(&html[..at]);
            out.push_str(&addition);
            out.push_str(&html[at..]);
            out
        }
        None => format!("{html}{addition}"),
    }
}

/// What [`inject`] needs to know about the served build.
pub trait InjectState {
    fn version(&self) -> u64;
    fn error(&self) -> Option<&str>;
}

impl InjectState for Snapshot {
    fn version(&self) -> u64 {
        self.version
    }
    fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }
}

pub(super) const OVERLAY_STYLE: &str = "position:fixed;inset:auto 1rem 1rem 1rem;max-height:70vh;overflow:auto;z-index:2147483647;background:#2b0b0b;color:#fde8e8;border:2px solid #e5484d;border-radius:8px;padding:1rem 1.25rem;font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;box-shadow:0 8px 30px rgba(0,0,0,.4)";

pub(super) fn overlay_html(error: &str) -> String {
    format!(
        "<div id=\"mentorkit-overlay\" role=\"alert\" style=\"{OVERLAY_STYLE}\"><strong>mentorkit: the handbook has errors; this is the last good build.</strong> <button type=\"button\" onclick=\"this.parentNode.remove()\" style=\"float:right\">Dismiss</button><pre style=\"white-space:pre-wrap;margin:.75rem 0 0\">{}</pre></div>",
        crate::render::theme::escape_html(error)
    )
}

pub(super) const RELOAD_SCRIPT: &str = r#"<script>
(function () {
  var version = __VERSION__;
  var style = "OVERLAY_STYLE";
  function overlay(text) {
    var box = document.getElementById("mentorkit-overlay");
    if (!text) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "mentorkit-overlay";
      box.setAttribute("role", "alert");
      box.setAttribute("style", style);
      document.body.appendChild(box);
    }
    box.innerHTML = "<strong>mentorkit: the handbook has errors; this is the last good build.</strong> "
      + "<button type=\"button\" style=\"float:right\">Dismiss</button><pre style=\"white-space:pre-wrap;margin:.75rem 0 0\"></pre>";
    box.querySelector("pre").textContent = text;
    box.querySelector("button").onclick = function () { box.remove(); };
  }
  function connect(delay) {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/__mentorkit/ws");
    socket.onopen = function () { delay = 250; };
    socket.onmessage = function (event) {
      var state = JSON.parse(event.data);
      if (state.version !== version && !state.error) { location.reload(); return; }
      overlay(state.error);
    };
    socket.onclose = function () { setTimeout(function () { connect(Math.min(delay * 2, 5000)); }, delay); };
  }
  connect(250);
})();
</script>
"#;
