package org.passerelle.registry;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/** A DataSource whose Nth executed statement fails, to prove that a submission is stored whole or not at all. */
final class FaultInjectingDataSource implements DataSource {
    private final DataSource target;
    private final AtomicInteger executed = new AtomicInteger();
    private volatile int failAt; // 0 = never

    FaultInjectingDataSource(DataSource target) {
        this.target = target;
    }

    /** Counts statements from now on, and fails the {@code n}th (0 = count only). */
    void failAt(int n) {
        executed.set(0);
        failAt = n;
    }

    int executed() { return executed.get(); }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(target.getConnection());
    }

    @Override
    public Connection getConnection(String u, String p) throws SQLException {
        return wrap(target.getConnection(u, p));
    }

    private Connection wrap(Connection c) {
        InvocationHandler h = (proxy, m, args) -> {
            Object result = invoke(c, m, args);
            if (result instanceof PreparedStatement ps) return wrapStatement(ps, PreparedStatement.class);
            if (result instanceof Statement st) return wrapStatement(st, Statement.class);
            return result;
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class}, h);
    }

    private <T extends Statement> T wrapStatement(T st, Class<T> type) {
        InvocationHandler h = (proxy, m, args) -> {
            if (m.getName().startsWith("execute")) {
                int n = executed.incrementAndGet();
                if (n == failAt) throw new SQLException("injected failure at statement " + n, "08006");
            }
            return invoke(st, m, args);
        };
        return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{type}, h));
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override public PrintWriter getLogWriter() throws SQLException { return target.getLogWriter(); }
    @Override public void setLogWriter(PrintWriter out) throws SQLException { target.setLogWriter(out); }
    @Override public void setLoginTimeout(int seconds) throws SQLException { target.setLoginTimeout(seconds); }
    @Override public int getLoginTimeout() throws SQLException { return target.getLoginTimeout(); }
    @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException { return target.getParentLogger(); }
    @Override public <T> T unwrap(Class<T> iface) throws SQLException { return target.unwrap(iface); }
    @Override public boolean isWrapperFor(Class<?> iface) throws SQLException { return target.isWrapperFor(iface); }
}
