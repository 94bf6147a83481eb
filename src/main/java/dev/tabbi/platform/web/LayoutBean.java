package dev.tabbi.platform.web;

import dev.tabbi.platform.internal.BuildInfo;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** What the dashboard layout shows on every page: the version and which section is current. */
@Named("layout")
@RequestScoped
public class LayoutBean {

    @Inject
    BuildInfo buildInfo;

    public String getVersion() {
        return buildInfo.version();
    }

    /** The top-level section of the current page ({@code keys}, {@code sessions}…), for the navigation. */
    public String getSection() {
        String viewId = FacesContext.getCurrentInstance().getViewRoot().getViewId();
        String[] parts = viewId.split("/");
        return parts.length > 2 ? parts[1] : "home";
    }

    public String navClass(String section) {
        return section.equals(getSection()) ? "nav-link active" : "nav-link";
    }
}
