//! Colour maths for a department's accent colour: parsing `#rrggbb`, its contrast with white
//! (WCAG), and the lighter and darker shades the theme uses.

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
    1.05 / (relative_luminance(rgb) + 0.05)
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
    }
}
