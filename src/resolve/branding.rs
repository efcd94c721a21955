//! Colour maths for a department's accent colour: parsing `#rrggbb`, its contrast with white
//! (WCAG), and the lighter and darker shades the theme uses, in light and in dark mode.

/// `#rgb` or `#rrggbb` as three bytes.
pub fn parse_hex_colour(text: &str) -> Option<[u8; 3]> {
    let hex = text.strip_prefix('#')?;
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |s: &str| u8::from_str_radix(s, 16).ok();
    match hex.len() {
        3 => {
            let digits: Vec<u8> = hex
                .chars()
                .filter_map(|c| c.to_digit(16))
                .map(|d| (d * 17) as u8)
                .collect();
            Some([digits[0], digits[1], digits[2]])
        }
        6 => Some([
            channel(&hex[0..2])?,
            channel(&hex[2..4])?,
            channel(&hex[4..6])?,
        ]),
        _ => None,
    }
}

fn relative_luminance([r, g, b]: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// WCAG contrast ratio of a colour against white.
pub fn contrast_with_white(rgb: [u8; 3]) -> f64 {
    contrast(rgb, [255, 255, 255])
}

/// WCAG contrast ratio of two colours (1 to 21, whichever is lighter).
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (a, b) = (relative_luminance(a), relative_luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

pub fn hex([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The colour mixed with white (`amount` 0..1 of white).
pub fn tint(rgb: [u8; 3], amount: f64) -> [u8; 3] {
    rgb.map(|c| (f64::from(c) + (255.0 - f64::from(c)) * amount).round() as u8)
}

/// The colour darkened by `amount` (0..1).
pub fn shade(rgb: [u8; 3], amount: f64) -> [u8; 3] {
    rgb.map(|c| (f64::from(c) * (1.0 - amount)).round() as u8)
}

/// `from` mixed with `to` (`amount` 0..1 of `to`).
pub fn mix(from: [u8; 3], to: [u8; 3], amount: f64) -> [u8; 3] {
    let channel = |i: usize| {
        let (a, b) = (f64::from(from[i]), f64::from(to[i]));
        (a + (b - a) * amount).round() as u8
    };
    [channel(0), channel(1), channel(2)]
}

/// The dark theme's page surface (`--paper` in `style.css`), under the accent's wash.
pub const DARK_PAPER: [u8; 3] = [0x1a, 0x1f, 0x27];

/// The lightest surface text sits on in the dark theme (a callout or a card's wash): an
/// accent meant as text is made light enough for this one, and so for every darker one.
pub const DARK_SURFACE: [u8; 3] = [0x2a, 0x33, 0x40];

/// The WCAG AA ratio for text: the accent as link text, and the strong accent on its wash.
const TEXT_RATIO: f64 = 4.5;

/// The strong accent (current navigation entry, badges) aims higher, as in the light theme.
const STRONG_RATIO: f64 = 7.0;

/// The accent's shades for the dark theme, as `#rrggbb`: `accent` (links, borders),
/// `accent_dark` (the strong accent: text on `accent_wash`), `accent_wash` (tinted
/// backgrounds) and `banner` (the header behind white text).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DarkShades {
    pub accent: String,
    pub accent_dark: String,
    pub accent_wash: String,
    pub banner: String,
}

/// The accent lightened (mixed with white) just enough to reach `ratio` against every
/// background in `under`.
fn lighten_for(rgb: [u8; 3], under: &[[u8; 3]], ratio: f64) -> [u8; 3] {
    (0..=100)
        .map(|step| tint(rgb, f64::from(step) / 100.0))
        .find(|c| under.iter().all(|&bg| contrast(*c, bg) >= ratio))
        .unwrap_or([255, 255, 255])
}

/// The dark theme's shades of an accent colour: the wash is the accent faintly over the dark
/// paper, the text shades are the accent lightened until they meet AA on the lightest dark
/// surface and on that wash, and the banner is the accent darkened (white text on it only
/// gains contrast, and the accent already carries white text).
pub fn dark_shades(rgb: [u8; 3]) -> DarkShades {
    let wash = mix(DARK_PAPER, rgb, 0.25);
    let under = [DARK_SURFACE, wash];
    DarkShades {
        accent: hex(lighten_for(rgb, &under, TEXT_RATIO)),
        accent_dark: hex(lighten_for(rgb, &under, STRONG_RATIO)),
        accent_wash: hex(wash),
        banner: hex(shade(rgb, 0.45)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_and_shade() {
        assert_eq!(parse_hex_colour("#0b6e4f"), Some([0x0b, 0x6e, 0x4f]));
        assert_eq!(parse_hex_colour("#fff"), Some([255, 255, 255]));
        assert_eq!(parse_hex_colour("0b6e4f"), None);
        assert_eq!(parse_hex_colour("#0b6e4"), None);
        assert_eq!(parse_hex_colour("#zzzzzz"), None);
        assert_eq!(parse_hex_colour("red; } body { x"), None);
        assert!(contrast_with_white([0x0b, 0x6e, 0x4f]) > 4.5);
        assert!(contrast_with_white([0xff, 0xcc, 0x00]) < 4.5);
        assert_eq!(hex(shade([100, 200, 0], 0.5)), "#326400");
        assert_eq!(hex(tint([0, 0, 0], 0.9)), "#e6e6e6");
        assert_eq!(hex(mix([0, 0, 0], [200, 100, 50], 0.5)), "#643219");
        assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-9);
        assert!((contrast([255, 255, 255], [0, 0, 0]) - 21.0).abs() < 1e-9);
    }

    fn rgb(text: &str) -> [u8; 3] {
        parse_hex_colour(text).unwrap()
    }

    /// Every accent the validator accepts (contrast with white at least 4.5) gets dark shades
    /// that meet AA where the dark theme uses them.
    #[test]
    fn dark_shades_meet_aa_on_the_dark_surfaces() {
        let accents = [
            "#0b5c8a", "#a23b2a", "#0f6a6a", "#6a3d8f", "#767676", "#000000", "#0000ff", "#c2410c",
            "#006400", "#8b008b",
        ];
        for accent in accents {
            let colour = rgb(accent);
            assert!(contrast_with_white(colour) >= 4.5, "{accent}");
            let dark = dark_shades(colour);
            let wash = rgb(&dark.accent_wash);
            for surface in [DARK_PAPER, DARK_SURFACE, wash] {
                assert!(
                    contrast(rgb(&dark.accent), surface) >= 4.5,
                    "{accent}: {dark:?}"
                );
                assert!(
                    contrast(rgb(&dark.accent_dark), surface) >= 7.0,
                    "{accent}: {dark:?}"
                );
            }
            assert!(
                contrast_with_white(rgb(&dark.banner)) >= 4.5,
                "{accent}: {dark:?}"
            );
            // The wash stays a dark background: light text on it keeps its contrast.
            assert!(
                contrast(wash, [0xe6, 0xea, 0xf0]) >= 7.0,
                "{accent}: {dark:?}"
            );
        }
    }

    /// The accent keeps its hue in the dark theme: it is only lightened, as little as needed.
    #[test]
    fn dark_shades_of_the_default_accent() {
        let dark = dark_shades(rgb("#0b5c8a"));
        assert_eq!(
            dark,
            DarkShades {
                accent: "#71a0bb".into(),
                accent_dark: "#aac6d6".into(),
                accent_wash: "#162e40".into(),
                banner: "#06334c".into(),
            }
        );
        // One step less light misses AA on the lightest dark surface.
        assert!(contrast(tint(rgb("#0b5c8a"), 0.41), DARK_SURFACE) < 4.5);
    }

    /// The theme's stylesheet writes the default accent's dark shades by hand: they are the
    /// ones a department with the same accent would get.
    #[test]
    fn the_default_theme_uses_the_computed_dark_shades() {
        let css = include_str!("../../themes/default/static/style.css");
        let dark = dark_shades(rgb("#0b5c8a"));
        for (name, light, dark) in [
            ("--accent", "#0b5c8a", &dark.accent),
            ("--accent-dark", "#08486c", &dark.accent_dark),
            ("--accent-wash", "#e7f1f8", &dark.accent_wash),
            ("--banner", "#08486c", &dark.banner),
        ] {
            let declaration = format!("{name}: light-dark({light}, {dark});");
            assert!(css.contains(&declaration), "style.css lacks {declaration}");
        }
    }
}
