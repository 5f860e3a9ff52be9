/**
 * A route's `handle`: the breadcrumb the dashboard shows for it. Pages in the sidebar pass their
 * menu label, so the two always read the same.
 */
export const breadcrumbHandle = (label = "") => ({ breadcrumb: () => label })
