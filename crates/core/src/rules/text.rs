//! Free text: one-line answers (names, short answers) and multi-line ones, counted in
//! characters (Unicode scalar values), not bytes; and masking free text, names included.

use crate::localized::LocalizedText;
use crate::text::nfkc;

/// Why a text answer (one line or several) was rejected. In a form it travels as
/// [`FieldError::Text`](crate::rules::FieldError::Text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextError {
    /// `too_long`: text longer than the field allows. Both counts are in characters
    /// (Unicode scalar values), not bytes: 张三 is 2.
    TooLong {
        /// The limit, characters.
        max: u32,
        /// The length of the normalised answer, characters.
        found: usize,
    },
    /// `invalid_characters`: text holds control characters (in one-line text also line
    /// breaks are normalised away, so this means invisible control codes).
    InvalidCharacters,
    /// `name_characters`: a person's name with something that is not a letter of some
    /// script (汉字, Latin with its accents, Cyrillic …), the middle dot `·` of names like
    /// 阿依古丽·买买提, a space, a hyphen or an apostrophe between letters: an emoji, a
    /// digit, a symbol, or a separator at either end or twice in a row
    /// ([`crate::identity::validate_name`]).
    NameCharacters,
}

impl TextError {
    /// The stable snake_case code sent in API error bodies, as listed on each variant
    /// (the same as [`FieldError::code`](crate::rules::FieldError::code)).
    pub fn code(&self) -> &'static str {
        match self {
            TextError::TooLong { .. } => "too_long",
            TextError::InvalidCharacters => "invalid_characters",
            TextError::NameCharacters => "name_characters",
        }
    }

    /// What is wrong and how to fix it, in Chinese (`zh`) and English.
    pub fn message(&self) -> LocalizedText {
        match self {
            TextError::TooLong { max, found } => LocalizedText::new(
                format!("内容太长：最多{max}个字，现在有{found}个字，请删减。"),
                format!("Too long: use at most {max} characters (you have {found})."),
            ),
            TextError::InvalidCharacters => LocalizedText::new(
                "含有无法识别的字符，请删除后重新输入。",
                "This contains characters that cannot be used. Remove them and type it again.",
            ),
            TextError::NameCharacters => LocalizedText::new(
                "姓名只能由文字组成（汉字或其他文字的字母），可以有间隔号“·”和空格，请按证件上的姓名填写。",
                "A name can only have letters (Chinese characters or the letters of another script), with a middle dot · or spaces between them. Type it as on your ID card.",
            ),
        }
    }
}

impl std::fmt::Display for TextError {
    /// The code and the English message, for logs and test failures.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code(), self.message().en)
    }
}

impl std::error::Error for TextError {}

/// Normalises one-line text (names, short answers): NFKC, every run of white space
/// (line breaks included) becomes one space, trimmed. Spaces inside are kept (foreign
/// names), and so is the middle dot of names like 阿依古丽·买买提.
pub fn normalize_short_text(input: &str) -> String {
    nfkc(input).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks normalised one-line text: at most `max_length` characters, no control
/// characters.
///
/// Errors: [`TextError::TooLong`], [`TextError::InvalidCharacters`].
pub fn validate_short_text(text: &str, max_length: u32) -> Result<(), TextError> {
    check_length(text, max_length)?;
    if text.chars().any(char::is_control) {
        return Err(TextError::InvalidCharacters);
    }
    Ok(())
}

/// Normalises multi-line text: NFKC, line ends as `\n` (`\r\n` and `\r` converted),
/// trailing white space of each line removed, then leading and trailing white space (blank
/// lines included) removed.
pub fn normalize_long_text(input: &str) -> String {
    let unified = nfkc(input).replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = unified.split('\n').map(str::trim_end).collect();
    lines.join("\n").trim().to_string()
}

/// Checks normalised multi-line text: at most `max_length` characters (line breaks count
/// as one), no control characters except line breaks and tabs.
///
/// Errors: [`TextError::TooLong`], [`TextError::InvalidCharacters`].
pub fn validate_long_text(text: &str, max_length: u32) -> Result<(), TextError> {
    check_length(text, max_length)?;
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(TextError::InvalidCharacters);
    }
    Ok(())
}

fn check_length(text: &str, max_length: u32) -> Result<(), TextError> {
    let found = text.chars().count();
    if found > max_length as usize {
        return Err(TextError::TooLong {
            max: max_length,
            found,
        });
    }
    Ok(())
}

/// Masks a name or other free text: the first character stays, every other character
/// becomes `*` (`张三` → `张*`, `欧阳娜娜` → `欧***`). White space is kept as it is.
pub fn mask_text(text: &str) -> String {
    text.chars()
        .enumerate()
        .map(|(i, c)| if i == 0 || c.is_whitespace() { c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_count_characters_not_bytes() {
        assert_eq!(normalize_short_text("  张\u{3000}三 \n"), "张 三");
        assert_eq!(normalize_short_text("阿依古丽·买买提"), "阿依古丽·买买提");
        assert_eq!(validate_short_text("张三", 2), Ok(()));
        assert_eq!(
            validate_short_text("张三丰", 2),
            Err(TextError::TooLong { max: 2, found: 3 })
        );
        assert_eq!(
            validate_short_text("a\u{7}b", 9),
            Err(TextError::InvalidCharacters)
        );
        assert_eq!(
            normalize_long_text("\r\n 第一行  \r\n第二行\r\n\r\n"),
            "第一行\n第二行"
        );
        assert_eq!(validate_long_text("一\n\t二", 4), Ok(()));
        assert_eq!(
            validate_long_text("一\u{0}", 4),
            Err(TextError::InvalidCharacters)
        );
    }

    #[test]
    fn masks_keep_the_first_character_and_spaces() {
        assert_eq!(mask_text("张三"), "张*");
        assert_eq!(mask_text("欧阳娜娜"), "欧***");
        assert_eq!(mask_text("Li Lei"), "L* ***");
    }
}
