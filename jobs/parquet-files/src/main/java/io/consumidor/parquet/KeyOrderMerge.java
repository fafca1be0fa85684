package io.consumidor.parquet;

import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * A k-way merge of row iterators each in key order (the pseudonym, column 0) into one in key order: memory holds
 * one row per source. The sorter merges its spilled runs with it, {@code export diff} the files of a run.
 */
public final class KeyOrderMerge implements Iterator<Object[]> {

    public static final Comparator<Object[]> BY_KEY = Comparator.comparing(row -> (String) row[0]);

    private record Head(Object[] row, Iterator<Object[]> source) {
    }

    private final PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing(Head::row, BY_KEY));

    public KeyOrderMerge(List<? extends Iterator<Object[]>> sources) {
        for (Iterator<Object[]> source : sources) {
            if (source.hasNext()) {
                heads.add(new Head(source.next(), source));
            }
        }
    }

    @Override
    public boolean hasNext() {
        return !heads.isEmpty();
    }

    @Override
    public Object[] next() {
        Head head = heads.poll();
        if (head == null) {
            throw new NoSuchElementException();
        }
        if (head.source().hasNext()) {
            heads.add(new Head(head.source().next(), head.source()));
        }
        return head.row();
    }
}
