package org.lifeboat.web.console;

import java.io.Serializable;
import java.util.List;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.lifeboat.web.api.ProtectedItemDtos;
import org.lifeboat.web.api.ProtectedItemViews;

/**
 * The protected items table. View scoped so that the table's sorting and filtering survive the page's polls;
 * each poll reads the items again.
 */
@Named("protectedItems")
@ViewScoped
public class ProtectedItemsBean implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private ProtectedItemViews views;

    private List<ProtectedItemDtos.Item> items;
    private List<ProtectedItemDtos.Item> filtered;

    public List<ProtectedItemDtos.Item> getItems() {
        if (items == null) {
            refresh();
        }
        return items;
    }

    public void refresh() {
        items = views.all();
    }

    public List<ProtectedItemDtos.Item> getFiltered() {
        return filtered;
    }

    public void setFiltered(List<ProtectedItemDtos.Item> filtered) {
        this.filtered = filtered;
    }
}
