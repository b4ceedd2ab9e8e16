package dev.berth.cli.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits a template into items, following Go's {@code text/template/parse/lex.go}: text between
 * actions, delimiters with {@code {{- }} / {@code -}}} trim markers, comments, and the tokens
 * inside actions. A lexical error ends the item list with an {@link Type#ERROR} item, which the
 * parser reports when it reaches it, as Go does.
 */
final class Lexer {

    enum Type {
        ERROR, BOOL, CHAR, CHAR_CONSTANT, COMPLEX, ASSIGN, DECLARE, EOF, FIELD, IDENTIFIER, LEFT_DELIM,
        LEFT_PAREN, NUMBER, PIPE, RAW_STRING, RIGHT_DELIM, RIGHT_PAREN, SPACE, STRING, TEXT, VARIABLE,
        // keywords (printed as <name> in errors)
        BLOCK, BREAK, CONTINUE, DOT, DEFINE, ELSE, END, IF, NIL, RANGE, TEMPLATE, WITH;

        boolean isKeyword() {
            return ordinal() >= BLOCK.ordinal();
        }
    }

    /** One lexical item; {@code pos} is a char offset into the source. */
    record Item(Type type, int pos, String val) {
        @Override
        public String toString() {
            if (type == Type.EOF) return "EOF";
            if (type == Type.ERROR) return val;
            if (type.isKeyword()) return "<" + val + ">";
            if (val.codePointCount(0, val.length()) > 10) {
                int end = val.offsetByCodePoints(0, 10);
                return GoFormat.quote(val.substring(0, end)) + "...";
            }
            return GoFormat.quote(val);
        }
    }

    private static final String LEFT = "{{";
    private static final String RIGHT = "}}";
    private static final Map<String, Type> KEYWORDS = Map.ofEntries(
            Map.entry(".", Type.DOT), Map.entry("block", Type.BLOCK), Map.entry("break", Type.BREAK),
            Map.entry("continue", Type.CONTINUE), Map.entry("define", Type.DEFINE), Map.entry("else", Type.ELSE),
            Map.entry("end", Type.END), Map.entry("if", Type.IF), Map.entry("range", Type.RANGE),
            Map.entry("nil", Type.NIL), Map.entry("template", Type.TEMPLATE), Map.entry("with", Type.WITH));

    private final String input;
    private final List<Item> items = new ArrayList<>();
    private int start;
    private int pos;
    private int parenDepth;
    private boolean failed;

    private Lexer(String input) {
        this.input = input;
    }

    static List<Item> lex(String input) {
        Lexer l = new Lexer(input);
        l.run();
        return l.items;
    }

    private void run() {
        boolean inside = false;
        while (!failed) {
            if (!inside) {
                if (!lexText()) return; // EOF emitted
                inside = lexLeftDelim();
            } else {
                inside = lexInsideAction();
            }
        }
    }

    // ---- text and delimiters ----

    /** Emits text up to the next left delimiter; returns false at end of input (EOF emitted). */
    private boolean lexText() {
        int x = input.indexOf(LEFT, pos);
        if (x >= 0) {
            if (x > pos) {
                pos = x;
                int trim = 0;
                if (hasLeftTrimMarker(pos + LEFT.length())) trim = rightTrimLength(input.substring(start, pos));
                String text = input.substring(start, pos - trim);
                int itemStart = start;
                ignore();
                if (!text.isEmpty()) items.add(new Item(Type.TEXT, itemStart, text));
            }
            return true;
        }
        pos = input.length();
        if (pos > start) emit(Type.TEXT);
        emit(Type.EOF);
        return false;
    }

    /** Handles a left delimiter; returns true when inside an action, false after a comment. */
    private boolean lexLeftDelim() {
        pos += LEFT.length();
        boolean trim = hasLeftTrimMarker(pos);
        int after = trim ? 2 : 0;
        if (input.startsWith("/*", pos + after)) {
            pos += after;
            ignore();
            lexComment();
            return false;
        }
        Item i = new Item(Type.LEFT_DELIM, start, input.substring(start, pos));
        pos += after;
        ignore();
        parenDepth = 0;
        items.add(i);
        return true;
    }

    private void lexComment() {
        pos += 2;
        int x = input.indexOf("*/", pos);
        if (x < 0) {
            error("unclosed comment");
            return;
        }
        pos = x + 2;
        int delim = atRightDelim();
        if (delim == 0) {
            error("comment ends before closing delimiter");
            return;
        }
        if (delim == 2) pos += 2;
        pos += RIGHT.length();
        if (delim == 2) pos += leftTrimLength(pos);
        ignore();
    }

    private void lexRightDelim() {
        boolean trim = atRightDelim() == 2;
        if (trim) {
            pos += 2;
            ignore();
        }
        pos += RIGHT.length();
        items.add(new Item(Type.RIGHT_DELIM, start, input.substring(start, pos)));
        start = pos;
        if (trim) {
            pos += leftTrimLength(pos);
            ignore();
        }
    }

    /** 0: not at a right delimiter; 1: at "}}"; 2: at " -}}". */
    private int atRightDelim() {
        if (hasRightTrimMarker(pos) && input.startsWith(RIGHT, pos + 2)) return 2;
        return input.startsWith(RIGHT, pos) ? 1 : 0;
    }

    private boolean hasLeftTrimMarker(int at) {
        return at + 1 < input.length() && input.charAt(at) == '-' && isSpace(input.charAt(at + 1));
    }

    private boolean hasRightTrimMarker(int at) {
        return at + 1 < input.length() && isSpace(input.charAt(at)) && input.charAt(at + 1) == '-';
    }

    private static int rightTrimLength(String s) {
        int i = s.length();
        while (i > 0 && isSpace(s.charAt(i - 1))) i--;
        return s.length() - i;
    }

    private int leftTrimLength(int at) {
        int i = at;
        while (i < input.length() && isSpace(input.charAt(i))) i++;
        return i - at;
    }

    // ---- inside actions ----

    /** Lexes one token inside an action; returns false once the action is closed. */
    private boolean lexInsideAction() {
        if (atRightDelim() != 0) {
            if (parenDepth == 0) {
                lexRightDelim();
                return false;
            }
            error("unclosed left paren");
            return false;
        }
        if (pos >= input.length()) {
            error("unclosed action");
            return false;
        }
        int r = input.codePointAt(pos);
        pos += Character.charCount(r);
        if (isSpace(r)) {
            pos--;
            lexSpace();
        } else if (r == '=') {
            emit(Type.ASSIGN);
        } else if (r == ':') {
            if (pos >= input.length() || input.charAt(pos) != '=') {
                if (pos < input.length()) pos++;
                error("expected :=");
                return false;
            }
            pos++;
            emit(Type.DECLARE);
        } else if (r == '|') {
            emit(Type.PIPE);
        } else if (r == '"') {
            lexQuote();
        } else if (r == '`') {
            lexRawQuote();
        } else if (r == '$') {
            lexVariable();
        } else if (r == '\'') {
            lexChar();
        } else if (r == '.' && pos < input.length() && (input.charAt(pos) < '0' || input.charAt(pos) > '9')) {
            lexFieldOrVariable(Type.FIELD);
        } else if (r == '.' || r == '+' || r == '-' || (r >= '0' && r <= '9')) {
            pos--;
            lexNumber();
        } else if (isAlphaNumeric(r)) {
            pos -= Character.charCount(r);
            lexIdentifier();
        } else if (r == '(') {
            parenDepth++;
            emit(Type.LEFT_PAREN);
        } else if (r == ')') {
            parenDepth--;
            if (parenDepth < 0) {
                error("unexpected right paren");
                return false;
            }
            emit(Type.RIGHT_PAREN);
        } else if (r <= 0x7f && r >= 0x20 && r != 0x7f) {
            emit(Type.CHAR);
        } else {
            error("unrecognized character in action: " + GoFormat.unicodeName(r));
            return false;
        }
        return !failed;
    }

    private void lexSpace() {
        int n = 0;
        while (pos < input.length() && isSpace(input.charAt(pos))) {
            pos++;
            n++;
        }
        // a trim-marked right delimiter (" -}}") starts with a space: leave that one
        if (hasRightTrimMarker(pos - 1) && input.startsWith(RIGHT, pos - 1 + 2)) {
            pos--;
            if (n == 1) return;
        }
        emit(Type.SPACE);
    }

    private void lexIdentifier() {
        while (pos < input.length()) {
            int r = input.codePointAt(pos);
            if (!isAlphaNumeric(r)) break;
            pos += Character.charCount(r);
        }
        String word = input.substring(start, pos);
        if (!atTerminator()) {
            int r = input.codePointAt(pos);
            error("bad character " + GoFormat.unicodeName(r));
            return;
        }
        Type kw = KEYWORDS.get(word);
        if (kw != null) emit(kw);
        else if (word.equals("true") || word.equals("false")) emit(Type.BOOL);
        else emit(Type.IDENTIFIER);
    }

    private void lexVariable() {
        if (atTerminator()) {
            emit(Type.VARIABLE);
            return;
        }
        lexFieldOrVariable(Type.VARIABLE);
    }

    private void lexFieldOrVariable(Type type) {
        if (atTerminator()) {
            emit(type == Type.VARIABLE ? Type.VARIABLE : Type.DOT);
            return;
        }
        while (pos < input.length()) {
            int r = input.codePointAt(pos);
            if (!isAlphaNumeric(r)) break;
            pos += Character.charCount(r);
        }
        if (!atTerminator()) {
            error("bad character " + GoFormat.unicodeName(input.codePointAt(pos)));
            return;
        }
        emit(type);
    }

    private boolean atTerminator() {
        if (pos >= input.length()) return true;
        char r = input.charAt(pos);
        if (isSpace(r)) return true;
        switch (r) {
            case '.', ',', '|', ':', ')', '(' -> {
                return true;
            }
            default -> {
                return input.startsWith(RIGHT, pos);
            }
        }
    }

    private void lexChar() {
        while (true) {
            if (pos >= input.length()) {
                error("unterminated character constant");
                return;
            }
            char c = input.charAt(pos++);
            if (c == '\\') {
                if (pos < input.length() && input.charAt(pos) != '\n') {
                    pos++;
                    continue;
                }
                error("unterminated character constant");
                return;
            }
            if (c == '\n') {
                error("unterminated character constant");
                return;
            }
            if (c == '\'') break;
        }
        emit(Type.CHAR_CONSTANT);
    }

    private void lexNumber() {
        if (!scanNumber()) {
            error("bad number syntax: " + GoFormat.quote(input.substring(start, pos)));
            return;
        }
        if (pos < input.length() && (input.charAt(pos) == '+' || input.charAt(pos) == '-')) {
            if (!scanNumber() || input.charAt(pos - 1) != 'i') {
                error("bad number syntax: " + GoFormat.quote(input.substring(start, pos)));
                return;
            }
            emit(Type.COMPLEX);
            return;
        }
        emit(Type.NUMBER);
    }

    private boolean scanNumber() {
        accept("+-");
        String digits = "0123456789_";
        if (accept("0")) {
            if (accept("xX")) digits = "0123456789abcdefABCDEF_";
            else if (accept("oO")) digits = "01234567_";
            else if (accept("bB")) digits = "01_";
        }
        acceptRun(digits);
        if (accept(".")) acceptRun(digits);
        if (digits.length() == 11 && accept("eE")) {
            accept("+-");
            acceptRun("0123456789_");
        }
        if (digits.length() == 23 && accept("pP")) {
            accept("+-");
            acceptRun("0123456789_");
        }
        accept("i");
        if (pos < input.length() && isAlphaNumeric(input.codePointAt(pos))) {
            pos += Character.charCount(input.codePointAt(pos));
            return false;
        }
        return true;
    }

    private void lexQuote() {
        while (true) {
            if (pos >= input.length()) {
                error("unterminated quoted string");
                return;
            }
            char c = input.charAt(pos++);
            if (c == '\\') {
                if (pos < input.length() && input.charAt(pos) != '\n') {
                    pos++;
                    continue;
                }
                error("unterminated quoted string");
                return;
            }
            if (c == '\n') {
                error("unterminated quoted string");
                return;
            }
            if (c == '"') break;
        }
        emit(Type.STRING);
    }

    private void lexRawQuote() {
        int end = input.indexOf('`', pos);
        if (end < 0) {
            pos = input.length();
            error("unterminated raw quoted string");
            return;
        }
        pos = end + 1;
        emit(Type.RAW_STRING);
    }

    // ---- helpers ----

    private boolean accept(String valid) {
        if (pos < input.length() && valid.indexOf(input.charAt(pos)) >= 0) {
            pos++;
            return true;
        }
        return false;
    }

    private void acceptRun(String valid) {
        while (pos < input.length() && valid.indexOf(input.charAt(pos)) >= 0) pos++;
    }

    private void emit(Type t) {
        items.add(new Item(t, start, input.substring(start, pos)));
        start = pos;
    }

    private void ignore() {
        start = pos;
    }

    private void error(String message) {
        items.add(new Item(Type.ERROR, start, message));
        failed = true;
    }

    static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    static boolean isAlphaNumeric(int r) {
        return r == '_' || Character.isLetter(r) || Character.isDigit(r);
    }
}
