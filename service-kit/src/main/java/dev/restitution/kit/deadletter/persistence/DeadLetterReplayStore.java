package dev.restitution.kit.deadletter.persistence;

import dev.restitution.kit.persistence.SqlValues;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The table {@code dead_letter_replay}: which parked records were replayed, when, by whom and why. */
@ApplicationScoped
public class DeadLetterReplayStore {

    /** A stored replay. */
    public record StoredReplay(String topic, int partition, long offset, Instant replayedAt, String actorSubjectId,
                               String actorUsername, String reason) {
    }

    /**
     * Records a replay in the caller's transaction; false when the record was replayed before (a concurrent replay
     * waits for the first to commit, then finds it).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean insert(StoredReplay replay) {
        return Panache.getEntityManager().createNativeQuery("""
                        insert into dead_letter_replay (topic, topic_partition, record_offset, replayed_at, actor_subject_id,
                            actor_username, reason)
                        values (:topic, :partition, :offset, :at, :subject, :username, :reason)
                        on conflict (topic, topic_partition, record_offset) do nothing""")
                .setParameter("topic", replay.topic())
                .setParameter("partition", replay.partition())
                .setParameter("offset", replay.offset())
                .setParameter("at", replay.replayedAt())
                .setParameter("subject", replay.actorSubjectId())
                .setParameter("username", replay.actorUsername())
                .setParameter("reason", replay.reason())
                .executeUpdate() == 1;
    }

    /** The replays of a topic's partition at offsets from {@code fromOffset} to {@code toOffset} (exclusive), by offset. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<Long, StoredReplay> inRange(String topic, int partition, long fromOffset, long toOffset) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                        select record_offset, replayed_at, actor_subject_id, actor_username, reason from dead_letter_replay
                        where topic = :topic and topic_partition = :partition
                          and record_offset >= :from and record_offset < :to""")
                .setParameter("topic", topic)
                .setParameter("partition", partition)
                .setParameter("from", fromOffset)
                .setParameter("to", toOffset)
                .getResultList();
        Map<Long, StoredReplay> byOffset = new HashMap<>();
        for (Object[] row : rows) {
            long offset = ((Number) row[0]).longValue();
            byOffset.put(offset, new StoredReplay(topic, partition, offset, SqlValues.instant(row[1]), (String) row[2],
                    (String) row[3], (String) row[4]));
        }
        return byOffset;
    }

    /** How many records of a topic's partition at offsets from {@code fromOffset} to {@code toOffset} were replayed. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long countInRange(String topic, int partition, long fromOffset, long toOffset) {
        return SqlValues.count(Panache.getEntityManager().createNativeQuery("""
                        select count(*) from dead_letter_replay
                        where topic = :topic and topic_partition = :partition
                          and record_offset >= :from and record_offset < :to""")
                .setParameter("topic", topic)
                .setParameter("partition", partition)
                .setParameter("from", fromOffset)
                .setParameter("to", toOffset)
                .getSingleResult());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<StoredReplay> find(String topic, int partition, long offset) {
        return Optional.ofNullable(inRange(topic, partition, offset, offset + 1).get(offset));
    }
}
