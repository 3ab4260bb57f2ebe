package dev.attacktagger.search.query;

/** The kinds of token the lexer produces. Keywords are words; the parser recognises them ignoring case. */
enum TokenType {
    WORD,
    STRING,
    OPERATOR,
    LEFT_PAREN,
    RIGHT_PAREN,
    COMMA,
    END
}
