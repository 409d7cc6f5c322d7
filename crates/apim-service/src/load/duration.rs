//! ISO 8601 durations as ARM writes them (`PT1M`, `P1DT2H`, `PT0.5S`).

/// Seconds of a duration `P[nD][T[nH][nM][n[.f]S]]`, rounded down; `None` when it is not
/// one. Years, months and weeks are refused: APIM's TimeSpan has no calendar.
pub(crate) fn seconds(text: &str) -> Option<u64> {
    let rest = text.strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((date, time)) => {
            if time.is_empty() {
                return None;
            }
            (date, time)
        }
        None => (rest, ""),
    };
    if date.is_empty() && time.is_empty() {
        return None;
    }
    let mut total = 0f64;
    total += components(date, &[('D', 86_400.0)])?;
    total += components(time, &[('H', 3_600.0), ('M', 60.0), ('S', 1.0)])?;
    // Whole seconds fit u64 for any duration that is not absurd.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Some(total as u64)
}

/// Sums `number unit` pairs, units in the given order, each at most once.
fn components(mut text: &str, units: &[(char, f64)]) -> Option<f64> {
    let mut total = 0.0;
    let mut next_unit = 0;
    while !text.is_empty() {
        let end = text.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
        let number: f64 = text[..end].parse().ok()?;
        let unit = text[end..].chars().next()?;
        let position = units[next_unit..].iter().position(|(name, _)| *name == unit)? + next_unit;
        total += number * units[position].1;
        next_unit = position + 1;
        text = &text[end + unit.len_utf8()..];
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::seconds;

    #[test]
    fn reads_arm_durations() {
        assert_eq!(seconds("PT1M"), Some(60));
        assert_eq!(seconds("PT30S"), Some(30));
        assert_eq!(seconds("P1DT2H"), Some(93_600));
        assert_eq!(seconds("PT1H30M"), Some(5_400));
        assert_eq!(seconds("PT0.5S"), Some(0));
    }

    #[test]
    fn refuses_other_text() {
        for text in ["", "P", "PT", "1M", "PT1X", "PT1S1M", "00:01:00", "P1Y"] {
            assert_eq!(seconds(text), None, "{text}");
        }
    }
}
