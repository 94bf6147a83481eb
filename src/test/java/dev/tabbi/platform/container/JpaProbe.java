package dev.tabbi.platform.container;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** Deployed only with the container test: reads the schema through the app's own persistence unit. */
@ApplicationScoped
public class JpaProbe {

    @PersistenceContext(unitName = "tabbi")
    EntityManager entityManager;

    public long count(String sql) {
        return ((Number) entityManager.createNativeQuery(sql).getSingleResult()).longValue();
    }
}
