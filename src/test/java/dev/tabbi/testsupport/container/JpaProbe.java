package dev.tabbi.testsupport.container;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/** Deployed only with the container test: reads and writes the schema through the app's own persistence unit. */
@ApplicationScoped
public class JpaProbe {

    @PersistenceContext(unitName = "tabbi")
    EntityManager entityManager;

    public long count(String sql) {
        return ((Number) entityManager.createNativeQuery(sql).getSingleResult()).longValue();
    }

    @Transactional
    public void execute(String sql, Object... parameters) {
        var query = entityManager.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        query.executeUpdate();
    }
}
