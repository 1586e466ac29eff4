package dev.restitution.portal.web;

/** A service refused a call the portal made for the signed-in person; shown as an error page. */
public final class ServiceRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ServiceProblem problem;

    public ServiceRefused(ServiceProblem problem) {
        super(problem.service() + " answered " + problem.status() + " " + problem.type());
        this.problem = problem;
    }

    public ServiceProblem problem() {
        return problem;
    }
}
