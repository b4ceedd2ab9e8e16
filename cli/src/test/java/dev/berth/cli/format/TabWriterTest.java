package dev.berth.cli.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TabWriterTest {
    private static String table(String text) {
        StringBuilder out = new StringBuilder();
        TabWriter tw = TabWriter.forTables(out);
        tw.write(text);
        tw.flush();
        return out.toString();
    }

    @Test
    void columnsArePaddedToTheWidestCellPlusThree() {
        assertEquals("""
                REPOSITORY   TAG       IMAGE ID
                busybox      latest    c3c3c3c3c3c3
                """, table("REPOSITORY\tTAG\tIMAGE ID\nbusybox\tlatest\tc3c3c3c3c3c3\n"));
    }

    @Test
    void minimumWidthIsTen() {
        assertEquals("A         B\na         b\n", table("A\tB\na\tb\n"));
        assertEquals("ab        x\nabcd      y\n", table("ab\tx\nabcd\ty\n"));
    }

    @Test
    void lastColumnIsNotPadded() {
        assertEquals("x            yyyyyyyyyyy\nxxxxxxxxxx   y\n", table("x\tyyyyyyyyyyy\nxxxxxxxxxx\ty\n"));
    }

    @Test
    void aLineWithoutTabsEndsTheBlock() {
        assertEquals("a         b\nlong line without tabs\nccccccccccccc   d\n",
                table("a\tb\nlong line without tabs\nccccccccccccc\td\n"));
    }

    @Test
    void emptyCellsArePadded() {
        assertEquals("a                               c\nbbbbbbbbbbbbbbbbbbb   \n", table("a\t\tc\nbbbbbbbbbbbbbbbbbbb\t\n"));
    }

    @Test
    void wideCharactersCountTwoColumns() {
        assertEquals("名前名前名前   x\nab             y\n", table("名前名前名前\tx\nab\ty\n"));
    }

    @Test
    void textWithoutNewlineIsWrittenOnFlush() {
        assertEquals("a         b", table("a\tb"));
    }

    @Test
    void versionLayoutUsesWidthTwentyAndPaddingOne() {
        StringBuilder out = new StringBuilder();
        TabWriter tw = new TabWriter(out, 20, 1, 1, ' ', false);
        tw.write("Client:\n Version:\t0.1.0\n API version:\t1.41\n");
        tw.flush();
        assertEquals("Client:\n Version:           0.1.0\n API version:       1.41\n", out.toString());
    }
}
