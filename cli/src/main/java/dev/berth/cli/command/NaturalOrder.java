package dev.berth.cli.command;

import java.util.List;

/** fvbommel's {@code sortorder.NaturalLess}, as docker sorts port lines: digit runs compare by value. */
final class NaturalOrder {
    private NaturalOrder() {}

    static void sort(List<String> list) {
        for (int i = 1; i < list.size(); i++) {
            for (int j = i; j > 0 && less(list.get(j), list.get(j - 1)); j--) list.set(j, list.set(j - 1, list.get(j)));
        }
    }

    static boolean less(String str1, String str2) {
        int idx1 = 0;
        int idx2 = 0;
        while (idx1 < str1.length() && idx2 < str2.length()) {
            char c1 = str1.charAt(idx1);
            char c2 = str2.charAt(idx2);
            boolean dig1 = isDigit(c1);
            boolean dig2 = isDigit(c2);
            if (dig1 != dig2) return dig1;
            if (!dig1) {
                if (c1 != c2) return c1 < c2;
                idx1++;
                idx2++;
                continue;
            }
            int nz1 = idx1;
            while (nz1 < str1.length() && str1.charAt(nz1) == '0') nz1++;
            int nz2 = idx2;
            while (nz2 < str2.length() && str2.charAt(nz2) == '0') nz2++;
            int end1 = nz1;
            while (end1 < str1.length() && isDigit(str1.charAt(end1))) end1++;
            int end2 = nz2;
            while (end2 < str2.length() && isDigit(str2.charAt(end2))) end2++;
            int len1 = end1 - nz1;
            int len2 = end2 - nz2;
            if (len1 != len2) return len1 < len2;
            String n1 = str1.substring(nz1, end1);
            String n2 = str2.substring(nz2, end2);
            if (!n1.equals(n2)) return n1.compareTo(n2) < 0;
            if (nz1 - idx1 != nz2 - idx2) return nz1 - idx1 < nz2 - idx2;
            idx1 = end1;
            idx2 = end2;
        }
        return str1.length() < str2.length();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
